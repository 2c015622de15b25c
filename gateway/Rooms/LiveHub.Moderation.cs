using Stagecast.Contracts.Rooms;

namespace Stagecast.Gateway.Rooms;

/// <summary>Moderation from the hub, for host and moderator clients (the same rules as the HTTP routes).</summary>
public sealed partial class LiveHub
{
    /// <summary>Deletes a comment; viewers get commentDeleted.</summary>
    public Task DeleteComment(string roomId, long commentId) =>
        Moderate(roomId, (g, actor) => g.DeleteComment(actor, commentId));

    /// <summary>Mutes a user for 1 s to 7 days; 0 unmutes.</summary>
    public Task MuteUser(string roomId, string userId, int seconds) =>
        seconds < 0 ? throw RoomErrors.Hub(RoomResult.InvalidArgument)
            : Moderate(roomId, (g, actor) => g.Mute(actor, userId ?? "", TimeSpan.FromSeconds(seconds)));

    /// <summary>Bans a user from the room (removed now, cannot rejoin).</summary>
    public Task BanUser(string roomId, string userId) => Moderate(roomId, (g, actor) => g.Ban(actor, userId ?? "", true));

    /// <summary>Slow mode: one comment per N seconds per user; 0 turns it off.</summary>
    public Task SetSlowMode(string roomId, int seconds) => Moderate(roomId, (g, actor) => g.SetSlowMode(actor, seconds));

    /// <summary>Ends the room; everyone gets roomEnded.</summary>
    public Task EndRoom(string roomId) => Moderate(roomId, (g, actor) => g.End(actor));

    private async Task Moderate(string roomId, Func<ILiveRoomGrain, string, Task<RoomResult>> command)
    {
        var actor = RequireUser(roomId);
        var result = await command(Grains.GetGrain<ILiveRoomGrain>(roomId), actor);
        Wallet.RoomHostLookup.RoomChanged();
        if (result != RoomResult.Ok)
        {
            throw RoomErrors.Hub(result);
        }
    }
}
