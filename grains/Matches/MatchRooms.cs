using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Matches;

/// <summary>What a match asks of its two rooms: their match slots, whether they are still live, and telling their viewers.</summary>
internal sealed class MatchRooms(IGrainFactory grains, ILogger logger)
{
    /// <summary>Takes both rooms' slots, or none: false when either is held by another pending or running match.</summary>
    public async Task<bool> ClaimAsync(string matchId, string[] rooms)
    {
        foreach (var room in rooms)
        {
            if (await grains.GetGrain<IRoomMatchGrain>(room).Claim(matchId) is not null)
            {
                await ReleaseAsync(matchId, rooms);
                return false;
            }
        }
        return true;
    }

    public async Task ReleaseAsync(string matchId, string[] rooms)
    {
        foreach (var room in rooms)
        {
            await grains.GetGrain<IRoomMatchGrain>(room).Release(matchId);
        }
    }

    /// <summary>The first room that is no longer live, or null.</summary>
    public async Task<string?> FirstNotLiveAsync(string[] rooms)
    {
        foreach (var room in rooms)
        {
            if ((await grains.GetGrain<ILiveRoomGrain>(room).GetGiftGate()).Status != RoomStatus.Live)
            {
                return room;
            }
        }
        return null;
    }

    /// <summary>Hands the view to both rooms, which send it with their next batch; a failure is logged, the next change resends.</summary>
    public async Task PublishAsync(MatchView view, string[] rooms)
    {
        try
        {
            await Task.WhenAll(rooms.Select(room => grains.GetGrain<ILiveRoomGrain>(room).PublishMatch(view)));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Match {MatchId}: telling the rooms failed", view.MatchId);
        }
    }
}
