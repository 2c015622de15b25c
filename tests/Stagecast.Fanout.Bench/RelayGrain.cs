using Orleans.BroadcastChannel;

namespace Stagecast.Fanout.Bench;

[ImplicitChannelSubscription(BenchNames.Namespace)]
public sealed class RelayGrain : Grain, IRelayGrain, IOnBroadcastChannelSubscribed
{
    private IBatchObserver? _observer;

    public Task Register(IBatchObserver observer)
    {
        _observer = observer;
        return Task.CompletedTask;
    }

    public Task OnSubscribed(IBroadcastChannelSubscription subscription) =>
        subscription.Attach<BenchBatch>(OnBatch, _ => Task.CompletedTask);

    private Task OnBatch(BenchBatch batch)
    {
        Recorders.AtRelay.Add(batch.SentTicks);
        _observer?.OnBatch(batch);
        return Task.CompletedTask;
    }
}
