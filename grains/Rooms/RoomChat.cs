using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Subscriptions;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// Comments and likes: who may speak (subscriber-only chat included), the text rules, blocked keywords, slow mode and the per-user rate limits.
/// An accepted comment goes into the room's history and the outbox; an accepted like adds to the room's count.
/// </summary>
internal sealed class RoomChat
{
    private readonly ChatLimiter _limiter = new();

    public RoomResult Comment(LiveRoomState room, string userId, string displayName, string text, SubscriberBadge? badge, long nowMs, RoomOutbox outbox)
    {
        var result = ModerationPolicy.CanSpeak(room, userId, badge is not null, nowMs);
        if (result != RoomResult.Ok)
        {
            return result;
        }
        if (RoomRules.NormalizeComment(text) is not { } normalized || ModerationPolicy.IsBlocked(room, normalized))
        {
            return RoomResult.InvalidText;
        }
        result = _limiter.TryComment(userId, ModerationPolicy.IsPrivileged(room, userId), room.SlowModeSeconds, nowMs);
        if (result == RoomResult.Ok)
        {
            outbox.Add(CommentLog.Append(room, userId, displayName, normalized, nowMs, badge));
        }
        return result;
    }

    public RoomResult Like(LiveRoomState room, string userId, int count, long nowMs)
    {
        var result = ModerationPolicy.CanLike(room, userId, count);
        if (result == RoomResult.Ok && !_limiter.TryLike(userId, nowMs))
        {
            result = RoomResult.RateLimited;
        }
        if (result == RoomResult.Ok)
        {
            room.Likes += count;
        }
        return result;
    }

    /// <summary>Forgets idle rate-limit state (see <see cref="ChatLimiter.Sweep"/>).</summary>
    public void Sweep(long nowMs, int slowModeSeconds) => _limiter.Sweep(nowMs, slowModeSeconds);
}
