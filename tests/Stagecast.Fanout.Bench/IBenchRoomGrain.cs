namespace Stagecast.Fanout.Bench;

/// <summary>A room that emits one batch per interval to its subscribers by the chosen delivery.</summary>
[Alias("Stagecast.Fanout.Bench.IBenchRoomGrain")]
public interface IBenchRoomGrain : IGrainWithStringKey
{
    /// <summary>Adds a gateway's observer (observer delivery).</summary>
    [Alias("Subscribe")]
    Task Subscribe(IBatchObserver observer);

    /// <summary>Starts emitting: <paramref name="subscribers"/> is the number of relay channels (broadcast delivery).</summary>
    [Alias("Start")]
    Task Start(Delivery delivery, int subscribers, int intervalMs, int comments);

    /// <summary>Stops emitting.</summary>
    [Alias("Stop")]
    Task Stop();
}
