using Stagecast.Contracts.Moderation;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Media;

namespace Stagecast.Gateway.Rooms;

/// <summary>The WHIP endpoint's view of rooms: stream keys are checked by the room grain; media start takes the room live.</summary>
public sealed class RoomMediaAuthority(IGrainFactory grains, ILogger<RoomMediaAuthority> logger) : IRoomMediaAuthority
{
    /// <summary>The key is the room's current one and its host is not suspended or banned (a restricted host is cut off).</summary>
    public async ValueTask<bool> IsValidStreamKeyAsync(string roomId, string streamKey, CancellationToken ct)
    {
        if (!RoomErrors.IsRoomId(roomId) || string.IsNullOrEmpty(streamKey) || streamKey.Length > 256)
        {
            return false;
        }
        var room = grains.GetGrain<ILiveRoomGrain>(roomId);
        return await room.IsValidStreamKey(streamKey).WaitAsync(ct)
            && await room.GetInfo().WaitAsync(ct) is { } info
            && !(await grains.GetGrain<IAccountStandingGrain>(info.HostId).Get().WaitAsync(ct)).IsRestricted;
    }

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
