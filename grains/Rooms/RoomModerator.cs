using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// The moderation commands: moderators, mutes, bans, comment deletion, slow mode, subscriber-only chat and blocked keywords. Each checks
/// <see cref="ModerationPolicy"/>, applies itself to the room's state and says what to write and announce.
/// </summary>
internal static class RoomModerator
{
    public static ModerationChange SetModerator(LiveRoomState room, string actorId, string userId, bool isModerator, long nowMs)
    {
        if (ModerationPolicy.Gate(room, RoomRole.Host, actorId) is var denied and not RoomResult.Ok)
        {
            return new(denied);
        }
        if (string.IsNullOrEmpty(userId) || userId == room.HostId)
        {
            return new(RoomResult.InvalidArgument);
        }
        return (isModerator ? room.Moderators.Add(userId) : room.Moderators.Remove(userId))
            ? new(RoomResult.Ok, true, Notice: Notice(isModerator ? "moderator" : "unmoderator", userId, null, null, nowMs))
            : new(RoomResult.Ok);
    }

    /// <summary>Mutes for the duration (zero lifts the mute); expired mutes are dropped on the way.</summary>
    public static ModerationChange Mute(LiveRoomState room, string actorId, string userId, TimeSpan duration, long nowMs)
    {
        if (ModerationPolicy.CanModerate(room, actorId, userId) is var denied and not RoomResult.Ok)
        {
            return new(denied);
        }
        if (duration < TimeSpan.Zero || duration > RoomRules.MaxMute)
        {
            return new(RoomResult.InvalidArgument);
        }
        ModerationNotice notice;
        if (duration == TimeSpan.Zero)
        {
            room.MutedUntil.Remove(userId);
            notice = Notice("unmute", userId, null, null, nowMs);
        }
        else
        {
            var until = nowMs + (long)duration.TotalMilliseconds;
            room.MutedUntil[userId] = until;
            notice = Notice("mute", userId, until, (int)Math.Ceiling(duration.TotalSeconds), nowMs);
        }
        foreach (var expired in room.MutedUntil.Where(m => m.Value <= nowMs).Select(m => m.Key).ToList())
        {
            room.MutedUntil.Remove(expired);
        }
        return new(RoomResult.Ok, true, Notice: notice);
    }

    public static ModerationChange Ban(LiveRoomState room, string actorId, string userId, bool banned, long nowMs)
    {
        if (ModerationPolicy.CanModerate(room, actorId, userId) is var denied and not RoomResult.Ok)
        {
            return new(denied);
        }
        return (banned ? room.Banned.Add(userId) : room.Banned.Remove(userId))
            ? new(RoomResult.Ok, true, Notice: Notice(banned ? "ban" : "unban", userId, null, null, nowMs))
            : new(RoomResult.Ok);
    }

    /// <summary>Announced even when the comment has already left the history: clients may still show it.</summary>
    public static ModerationChange DeleteComment(LiveRoomState room, string actorId, long commentId)
    {
        if (ModerationPolicy.Gate(room, RoomRole.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return new(denied);
        }
        return new(RoomResult.Ok, CommentLog.Remove(room, commentId), DeletedComment: commentId);
    }

    public static ModerationChange SetSlowMode(LiveRoomState room, string actorId, int seconds, long nowMs)
    {
        if (ModerationPolicy.Gate(room, RoomRole.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return new(denied);
        }
        if (seconds is < 0 or > RoomRules.MaxSlowModeSeconds)
        {
            return new(RoomResult.InvalidArgument);
        }
        return new(RoomResult.Ok, true, room with { SlowModeSeconds = seconds }, Notice("slowMode", null, null, seconds, nowMs));
    }

    /// <summary>Subscriber-only chat on or off; viewers get moderation {action: subscribersOnly | allChat}.</summary>
    public static ModerationChange SetSubscribersOnly(LiveRoomState room, string actorId, bool enabled, long nowMs)
    {
        if (ModerationPolicy.Gate(room, RoomRole.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return new(denied);
        }
        return room.SubscribersOnly == enabled
            ? new(RoomResult.Ok)
            : new(RoomResult.Ok, true, room with { SubscribersOnly = enabled }, Notice(enabled ? "subscribersOnly" : "allChat", null, null, null, nowMs));
    }

    public static ModerationChange SetBlockedKeywords(LiveRoomState room, string actorId, IReadOnlyList<string> keywords)
    {
        if (ModerationPolicy.Gate(room, RoomRole.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return new(denied);
        }
        return RoomRules.NormalizeKeywords(keywords) is { } normalized
            ? new(RoomResult.Ok, true, room with { BlockedKeywords = normalized })
            : new(RoomResult.InvalidArgument);
    }

    /// <summary>The room's moderation for its host and moderators (and the host of an ended room); null for anyone else.</summary>
    public static RoomModeration? Snapshot(LiveRoomState room, string actorId, long nowMs) =>
        ModerationPolicy.CanReadModeration(room, actorId)
            ? new RoomModeration(
                room.Moderators.ToArray(), room.Banned.ToArray(),
                room.MutedUntil.Where(m => m.Value > nowMs).ToDictionary(m => m.Key, m => m.Value),
                room.SlowModeSeconds, room.BlockedKeywords.ToArray(), room.SubscribersOnly)
            : null;

    private static ModerationNotice Notice(string action, string? userId, long? until, int? seconds, long nowMs) =>
        new(action, userId, until, seconds, nowMs);
}
