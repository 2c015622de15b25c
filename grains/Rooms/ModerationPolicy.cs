using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// Who may do what in a room: the lifecycle gate, who may moderate whom, who may speak, and whether a comment
/// carries a blocked keyword. Reads the room's state; never changes it.
/// </summary>
internal static class ModerationPolicy
{
    /// <summary>Room open and the actor is the host (or, for Moderator, host or moderator); a null role is the media path.</summary>
    public static RoomResult Gate(LiveRoomState room, RoomRole? role, string? actorId) => room.Status switch
    {
        RoomStatus.Unknown => RoomResult.UnknownRoom,
        RoomStatus.Ended => RoomResult.RoomEnded,
        _ when role is null => RoomResult.Ok,
        _ when actorId == room.HostId => RoomResult.Ok,
        _ when role == RoomRole.Moderator && actorId is not null && room.Moderators.Contains(actorId) => RoomResult.Ok,
        _ => RoomResult.NotAllowed,
    };

    /// <summary>Host or moderator acting on someone else; nobody acts on the host, and only the host on a moderator.</summary>
    public static RoomResult CanModerate(LiveRoomState room, string actorId, string userId)
    {
        if (Gate(room, RoomRole.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        if (string.IsNullOrEmpty(userId) || userId == actorId)
        {
            return RoomResult.InvalidArgument;
        }
        return userId == room.HostId || (room.Moderators.Contains(userId) && actorId != room.HostId)
            ? RoomResult.NotAllowed
            : RoomResult.Ok;
    }

    /// <summary>
    /// Whether the user may comment now: the room is open, they are not banned, blocked by the host nor muted, and in subscriber-only chat
    /// they subscribe to the host (the host and moderators are exempt).
    /// </summary>
    public static RoomResult CanSpeak(LiveRoomState room, string userId, bool subscriber, long nowMs) => room.Status switch
    {
        RoomStatus.Unknown => RoomResult.UnknownRoom,
        RoomStatus.Ended => RoomResult.RoomEnded,
        _ when room.Banned.Contains(userId) => RoomResult.Banned,
        _ when room.HostBlocked.Contains(userId) => RoomResult.Blocked,
        _ when room.MutedUntil.TryGetValue(userId, out var until) && until > nowMs => RoomResult.Muted,
        _ when room.SubscribersOnly && !subscriber && !IsPrivileged(room, userId) => RoomResult.SubscribersOnly,
        _ => RoomResult.Ok,
    };

    /// <summary>Whether the user may like now: the room is open, they are not banned and the count is in range.</summary>
    public static RoomResult CanLike(LiveRoomState room, string userId, int count) => room.Status switch
    {
        RoomStatus.Unknown => RoomResult.UnknownRoom,
        RoomStatus.Ended => RoomResult.RoomEnded,
        _ when room.Banned.Contains(userId) => RoomResult.Banned,
        _ when count is < 1 or > RoomRules.MaxLikesPerCall => RoomResult.InvalidArgument,
        _ => RoomResult.Ok,
    };

    /// <summary>The host and moderators are not held to slow mode.</summary>
    public static bool IsPrivileged(LiveRoomState room, string userId) =>
        userId == room.HostId || room.Moderators.Contains(userId);

    /// <summary>Whether a normalised comment contains one of the room's blocked keywords (compared in NFKC lower case).</summary>
    public static bool IsBlocked(LiveRoomState room, string normalizedComment)
    {
        if (room.BlockedKeywords.Count == 0)
        {
            return false;
        }
        var matchable = RoomRules.ForMatching(normalizedComment);
        return room.BlockedKeywords.Any(k => matchable.Contains(k, StringComparison.Ordinal));
    }

    /// <summary>The host and moderators of an open room, and the host of an ended one, may read its moderation.</summary>
    public static bool CanReadModeration(LiveRoomState room, string actorId) =>
        Gate(room, RoomRole.Moderator, actorId) == RoomResult.Ok || (room.Status == RoomStatus.Ended && actorId == room.HostId);
}
