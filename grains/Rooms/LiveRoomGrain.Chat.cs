using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>Comments, likes and gifts: checked in memory, batched for fan-out, written behind.</summary>
public sealed partial class LiveRoomGrain
{
    private readonly Dictionary<string, TokenBucket> _commentBuckets = [];
    private readonly Dictionary<string, TokenBucket> _likeBuckets = [];
    private readonly Dictionary<string, long> _lastComment = [];
    private readonly Dictionary<string, GiftStreak> _streaks = [];

    public Task<RoomResult> Comment(string userId, string displayName, string text)
    {
        var now = NowMs;
        var result = CheckSpeaker(userId, now);
        if (result != RoomResult.Ok)
        {
            return Task.FromResult(result);
        }
        var normalized = RoomRules.NormalizeComment(text);
        if (normalized is null)
        {
            return Task.FromResult(RoomResult.InvalidText);
        }
        if (S.BlockedKeywords.Count > 0)
        {
            var matchable = RoomRules.ForMatching(normalized);
            if (S.BlockedKeywords.Any(k => matchable.Contains(k, StringComparison.Ordinal)))
            {
                return Task.FromResult(RoomResult.InvalidText);
            }
        }
        var privileged = userId == S.HostId || S.Moderators.Contains(userId);
        if (!privileged && S.SlowModeSeconds > 0 && _lastComment.TryGetValue(userId, out var last)
            && now - last < S.SlowModeSeconds * 1000L)
        {
            return Task.FromResult(RoomResult.RateLimited);
        }
        if (!Bucket(_commentBuckets, userId, RoomRules.CommentBurst, RoomRules.CommentsPerSecond, now).TryTake(now))
        {
            return Task.FromResult(RoomResult.RateLimited);
        }
        _lastComment[userId] = now;
        var comment = new RoomComment(S.NextCommentId++, userId, displayName, normalized, now);
        S.Comments.Add(comment);
        if (S.Comments.Count > RoomRules.CommentHistory)
        {
            S.Comments.RemoveRange(0, S.Comments.Count - RoomRules.CommentHistory);
        }
        _comments.Add(comment);
        _dirty = true;
        return Task.FromResult(RoomResult.Ok);
    }

    public Task<RoomResult> Like(string userId, int count)
    {
        var now = NowMs;
        var result = S.Status switch
        {
            RoomStatus.Unknown => RoomResult.UnknownRoom,
            RoomStatus.Ended => RoomResult.RoomEnded,
            _ when S.Banned.Contains(userId) => RoomResult.Banned,
            _ when count is < 1 or > RoomRules.MaxLikesPerCall => RoomResult.InvalidArgument,
            _ when !Bucket(_likeBuckets, userId, RoomRules.LikeBurst, RoomRules.LikesPerSecond, now).TryTake(now) => RoomResult.RateLimited,
            _ => RoomResult.Ok,
        };
        if (result == RoomResult.Ok)
        {
            S.Likes += count;
            _dirty = true;
        }
        return Task.FromResult(result);
    }

    public Task<GiftGate> CheckGift(string userId) => Task.FromResult(GiftGates.Decide(S.Status, S.Banned.Contains(userId)));

    public Task PublishGift(GiftEvent gift)
    {
        if (S.Status == RoomStatus.Unknown || S.RecentGiftRequests.Contains(gift.RequestId))
        {
            return Task.CompletedTask;
        }
        S.RecentGiftRequests.Add(gift.RequestId);
        if (S.RecentGiftRequests.Count > 512)
        {
            S.RecentGiftRequests.RemoveAt(0);
        }
        var at = gift.At.ToUnixTimeMilliseconds();
        var combo = 1;
        if (gift.Streakable)
        {
            combo = _streaks.TryGetValue(gift.UserId, out var streak) && streak.GiftId == gift.GiftId
                && at - streak.LastAt <= RoomRules.GiftStreakWindow.TotalMilliseconds
                ? streak.Combo + gift.Count
                : gift.Count;
            _streaks[gift.UserId] = new GiftStreak(gift.GiftId, at, combo);
        }
        var total = S.Gifters.TryGetValue(gift.UserId, out var before) ? before.Coins : 0;
        S.Gifters[gift.UserId] = new TopGifter(gift.UserId, gift.DisplayName, total + gift.Coins);
        _gifts.Add(gift with { Combo = combo });
        _leaderboardChanged = true;
        _dirty = true;
        return Task.CompletedTask;
    }

    private RoomResult CheckSpeaker(string userId, long now) => S.Status switch
    {
        RoomStatus.Unknown => RoomResult.UnknownRoom,
        RoomStatus.Ended => RoomResult.RoomEnded,
        _ when S.Banned.Contains(userId) => RoomResult.Banned,
        _ when S.MutedUntil.TryGetValue(userId, out var until) && until > now => RoomResult.Muted,
        _ => RoomResult.Ok,
    };

    private IReadOnlyList<TopGifter> TopGifters() => S.Gifters.Values
        .OrderByDescending(g => g.Coins).ThenBy(g => g.UserId, StringComparer.Ordinal)
        .Take(RoomRules.TopGifterCount).ToArray();

    private static TokenBucket Bucket(Dictionary<string, TokenBucket> buckets, string userId, double burst, double perSecond, long now)
    {
        if (!buckets.TryGetValue(userId, out var bucket))
        {
            bucket = new TokenBucket(burst, perSecond, now);
            buckets[userId] = bucket;
        }
        return bucket;
    }
}
