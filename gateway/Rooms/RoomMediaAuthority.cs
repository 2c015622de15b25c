using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Media;

namespace Stagecast.Gateway.Rooms;

/// <summary>The WHIP endpoint's view of rooms: stream keys are checked by the room grain; media start takes the room live.</summary>
public sealed class RoomMediaAuthority(IGrainFactory grains, ILogger<RoomMediaAuthority> logger) : IRoomMediaAuthority
{
    public async ValueTask<bool> IsValidStreamKeyAsync(string roomId, string streamKey, CancellationToken ct) =>
        RoomErrors.IsRoomId(roomId) && !string.IsNullOrEmpty(streamKey) && streamKey.Length <= 256
        && await grains.GetGrain<ILiveRoomGrain>(roomId).IsValidStreamKey(streamKey).WaitAsync(ct);

    public async ValueTask MediaStartedAsync(string roomId, CancellationToken ct)
    {
        var result = await grains.GetGrain<ILiveRoomGrain>(roomId).GoLive(null).WaitAsync(ct);
        logger.LogInformation("Room {RoomId}: media started ({Result})", roomId, result);
    }

    public async ValueTask MediaEndedAsync(string roomId, CancellationToken ct)
    {
        await grains.GetGrain<ILiveRoomGrain>(roomId).MediaEnded().WaitAsync(ct);
        logger.LogInformation("Room {RoomId}: media ended", roomId);
    }
}
