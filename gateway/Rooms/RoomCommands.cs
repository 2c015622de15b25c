using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Gifts;
using Stagecast.Gateway.Moderation;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Subscriptions;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// Commands on a room from this gateway: comments and likes from the hub, moderation from the hub and the HTTP
/// routes. Every moderation command tells the gift gate (<see cref="RoomChanges"/>), whatever its result.
/// </summary>
public sealed class RoomCommands(IGrainFactory grains, DisplayNames names, RoomChanges changes, RoomHostLookup hosts, SubscriberBadges badges, LiveActivityNotes notes)
{
    /// <summary>
    /// Posts a comment under the user's display name and subscriber badge (both cached per gateway). Subscriber-only
    /// chat refuses a user the cache knows as no subscriber only after asking again fresh: a new subscriber speaks at once.
    /// An account muted platform-wide by an operator is refused (account_muted) before the room is asked.
    /// </summary>
    public async Task CommentAsync(string? userId, string roomId, string? text)
    {
        var user = RequireUser(userId, roomId);
        if (await StandingRefusal.MutedUntilAsync(grains, user) is { } mutedUntil)
        {
            throw StandingRefusal.MutedHub(mutedUntil);
        }
        var displayName = await names.FindAsync(user)
            ?? throw HubErrors.Error(RoomErrors.NotAllowed, "The account no longer exists.");
        await notes.NoteAsync(user, roomId);
        var room = grains.GetGrain<ILiveRoomGrain>(roomId);
        var host = await hosts.HostOfAsync(roomId);
        var badge = host is null ? null : await badges.FindAsync(host, user);
        var result = await room.Comment(user, displayName, text ?? "", badge);
        if (result == RoomResult.SubscribersOnly && badge is null && host is not null && await badges.FindAsync(host, user, fresh: true) is { } renewed)
        {
            result = await room.Comment(user, displayName, text ?? "", renewed);
        }
        Check(result);
    }

    /// <summary>Adds likes.</summary>
    public async Task LikeAsync(string? userId, string roomId, int count)
    {
        var user = RequireUser(userId, roomId);
        Check(await grains.GetGrain<ILiveRoomGrain>(roomId).Like(user, count));
    }

    /// <summary>A moderation command from the hub: <paramref name="command"/> gets the room and the acting user.</summary>
    public async Task ModerateAsync(string? userId, string roomId, Func<ILiveRoomGrain, string, Task<RoomResult>> command)
    {
        var actor = RequireUser(userId, roomId);
        Check(await RunAsync(roomId, g => command(g, actor)));
    }

    /// <summary>Runs a command that may change the room's status, bans or moderators (room id already checked).</summary>
    public async Task<RoomResult> RunAsync(string roomId, Func<ILiveRoomGrain, Task<RoomResult>> command)
    {
        var result = await command(grains.GetGrain<ILiveRoomGrain>(roomId));
        changes.Changed();
        return result;
    }

    private static string RequireUser(string? userId, string roomId)
    {
        if (!RoomErrors.IsRoomId(roomId))
        {
            throw RoomErrors.Hub(RoomResult.UnknownRoom);
        }
        return userId ?? throw HubErrors.Error(RoomErrors.AuthRequired, "Sign in to comment, like or gift.");
    }

    private static void Check(RoomResult result)
    {
        if (result != RoomResult.Ok)
        {
            throw RoomErrors.Hub(result);
        }
    }
}
