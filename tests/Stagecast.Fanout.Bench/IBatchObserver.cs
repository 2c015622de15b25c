using Orleans.Concurrency;

namespace Stagecast.Fanout.Bench;

/// <summary>A gateway-like subscriber's observer (grain observers, and the last hop of the broadcast-channel path).</summary>
[Alias("Stagecast.Fanout.Bench.IBatchObserver")]
public interface IBatchObserver : IGrainObserver
{
    /// <summary>Receives one batch.</summary>
    [OneWay, Alias("OnBatch")]
    Task OnBatch(BenchBatch batch);
}
