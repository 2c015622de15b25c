namespace Stagecast.Fanout.Bench;

/// <summary>What a gateway does on receipt in this benchmark: records the latency (the SignalR push is measured elsewhere).</summary>
public sealed class GatewayObserver : IBatchObserver
{
    public Task OnBatch(BenchBatch batch)
    {
        Recorders.AtGateway.Add(batch.SentTicks);
        return Task.CompletedTask;
    }
}
