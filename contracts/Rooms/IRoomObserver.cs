using Orleans.Concurrency;

namespace Stagecast.Contracts.Rooms;

/// <summary>One per gateway and room: receives the room's coalesced event batches and pushes them to local viewers.</summary>
[Alias("Stagecast.IRoomObserver")]
public interface IRoomObserver : IGrainObserver
{
    /// <summary>A batch of room events, delivered once per gateway.</summary>
    [OneWay, Alias("OnBatch")]
    Task OnBatch(RoomBatch batch);
}
