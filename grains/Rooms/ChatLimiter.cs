using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// Per-user rate limits of one room, kept in memory only: a token bucket for comments and one for likes, and the
/// time of each user's last comment for slow mode. Buckets that have refilled are forgotten.
/// </summary>
internal sealed class ChatLimiter
{
    private readonly Dictionary<string, TokenBucket> _commentBuckets = [];
    private readonly Dictionary<string, TokenBucket> _likeBuckets = [];
    private readonly Dictionary<string, long> _lastComment = [];

    /// <summary>Slow mode (unless privileged), then the comment bucket; an accepted comment starts the user's slow-mode wait.</summary>
    public RoomResult TryComment(string userId, bool privileged, int slowModeSeconds, long nowMs)
    {
        if (!privileged && slowModeSeconds > 0 && _lastComment.TryGetValue(userId, out var last)
            && nowMs - last < slowModeSeconds * 1000L)
        {
            return RoomResult.RateLimited;
        }
        if (!Bucket(_commentBuckets, userId, RoomRules.CommentBurst, RoomRules.CommentsPerSecond, nowMs).TryTake(nowMs))
        {
            return RoomResult.RateLimited;
        }
        _lastComment[userId] = nowMs;
        return RoomResult.Ok;
    }

    /// <summary>One like call against the user's like bucket.</summary>
    public bool TryLike(string userId, long nowMs) =>
        Bucket(_likeBuckets, userId, RoomRules.LikeBurst, RoomRules.LikesPerSecond, nowMs).TryTake(nowMs);

    /// <summary>Users tracked, for housekeeping checks.</summary>
    public int Tracked => _commentBuckets.Count + _likeBuckets.Count + _lastComment.Count;

    /// <summary>Forgets full buckets, and last-comment times once slow mode is off.</summary>
    public void Sweep(long nowMs, int slowModeSeconds)
    {
        foreach (var idle in _commentBuckets.Where(b => b.Value.IsIdle(nowMs)).Select(b => b.Key).ToList())
        {
            _commentBuckets.Remove(idle);
        }
        foreach (var idle in _likeBuckets.Where(b => b.Value.IsIdle(nowMs)).Select(b => b.Key).ToList())
        {
            _likeBuckets.Remove(idle);
        }
        if (slowModeSeconds == 0)
        {
            _lastComment.Clear();
        }
    }

    private static TokenBucket Bucket(Dictionary<string, TokenBucket> buckets, string userId, double burst, double perSecond, long nowMs)
    {
        if (!buckets.TryGetValue(userId, out var bucket))
        {
            bucket = new TokenBucket(burst, perSecond, nowMs);
            buckets[userId] = bucket;
        }
        return bucket;
    }
}
