using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>Engagement: counters, likes and comments, written behind every two seconds.</summary>
public sealed partial class VideoGrain
{
    private const int MaxRecentEvents = 1000;
    private const int MaxComments = 100;
    public const int MaxCommentLength = 300;
    // Players report a little past the end (rounding, the last frame); a loop is counted as separate events.
    private const long WatchSlackMs = 1500;

    private readonly SemaphoreSlim _writes = new(1, 1);
    private bool _dirty;
    // Engagement weight gained per viewer region since the last flush (regional trending, sent with the card).
    private readonly Dictionary<string, double> _regional = [];

    public Task<SignalReceipt> Record(VideoSignal signal)
    {
        if (!Exists)
        {
            return Task.FromResult(new SignalReceipt(VideoResult.UnknownVideo, null));
        }
        if (S.Status != VideoStatus.Ready)
        {
            return Task.FromResult(new SignalReceipt(VideoResult.NotReady, null));
        }
        if (signal.Kind == VideoSignalKind.Watch && (signal.WatchedMs is not { } w || w < 0 || w > S.DurationMs + WatchSlackMs))
        {
            return Task.FromResult(new SignalReceipt(VideoResult.InvalidArgument, null));
        }
        if (signal.EventId is { } id)
        {
            var key = $"{signal.UserId}/{id}";
            if (S.RecentEvents.Contains(key))
            {
                return Task.FromResult(new SignalReceipt(VideoResult.Duplicate, Card()));
            }
            S.RecentEvents.Add(key);
            if (S.RecentEvents.Count > MaxRecentEvents)
            {
                S.RecentEvents.RemoveRange(0, S.RecentEvents.Count - MaxRecentEvents);
            }
        }
        var s = S.Stats;
        var before = TrendHeat.Weight(s);
        S.Stats = signal.Kind switch
        {
            VideoSignalKind.Impression => s with { Impressions = s.Impressions + 1 },
            VideoSignalKind.View => s with { Views = s.Views + 1 },
            VideoSignalKind.Watch => s with
            {
                WatchMs = s.WatchMs + signal.WatchedMs!.Value,
                Completions = s.Completions + (signal.WatchedMs >= S.DurationMs * 9 / 10 ? 1 : 0),
            },
            VideoSignalKind.Like when signal.UserId is { } u && S.Likers.Add(u) => s with { Likes = s.Likes + 1 },
            VideoSignalKind.Share => s with { Shares = s.Shares + 1 },
            VideoSignalKind.Skip => s with { Skips = s.Skips + 1 },
            _ => s,
        };
        if (signal.Region is { } region && TrendHeat.Weight(S.Stats) - before is > 0 and var gained)
        {
            _regional[region] = _regional.GetValueOrDefault(region) + gained;
        }
        _dirty = true;
        return Task.FromResult(new SignalReceipt(VideoResult.Ok, Card()));
    }

    public Task<VideoResult> SetLike(string userId, bool liked)
    {
        if (!Exists)
        {
            return Task.FromResult(VideoResult.UnknownVideo);
        }
        var changed = liked ? S.Likers.Add(userId) : S.Likers.Remove(userId);
        if (changed)
        {
            S.Stats = S.Stats with { Likes = S.Stats.Likes + (liked ? 1 : -1) };
            _dirty = true;
        }
        return Task.FromResult(VideoResult.Ok);
    }

    public Task<VideoLike?> LikeOf(string userId) =>
        Task.FromResult(Exists ? new VideoLike(S.Likers.Contains(userId), S.Stats.Likes) : null);

    public async Task<VideoResult> Comment(string userId, string displayName, string text)
    {
        if (!Exists)
        {
            return VideoResult.UnknownVideo;
        }
        text = text.Trim();
        if (text.Length is 0 or > MaxCommentLength)
        {
            return VideoResult.InvalidArgument;
        }
        S.Comments.Add(new VideoComment(S.NextCommentId++, userId, displayName, text, clock.GetUtcNow()));
        if (S.Comments.Count > MaxComments)
        {
            S.Comments.RemoveAt(0);
        }
        S.Stats = S.Stats with { Comments = S.Stats.Comments + 1 };
        await Save();
        return VideoResult.Ok;
    }

    /// <summary>
    /// The video's owner or the comment's author removes a comment (the platform does so in the owner's name for a
    /// reported one).
    /// </summary>
    public async Task<VideoResult> DeleteComment(string actorId, long commentId)
    {
        if (!Exists)
        {
            return VideoResult.UnknownVideo;
        }
        var index = S.Comments.FindIndex(c => c.CommentId == commentId);
        if (index < 0)
        {
            return VideoResult.UnknownComment;
        }
        if (actorId != S.OwnerId && actorId != S.Comments[index].UserId)
        {
            return VideoResult.NotAllowed;
        }
        S.Comments.RemoveAt(index);
        S.Stats = S.Stats with { Comments = Math.Max(0, S.Stats.Comments - 1) };
        await Save();
        return VideoResult.Ok;
    }

    public async Task ForgetUser(string userId)
    {
        var removed = S.Comments.RemoveAll(c => c.UserId == userId);
        var unliked = S.Likers.Remove(userId);
        if (removed > 0 || unliked)
        {
            S.Stats = S.Stats with { Comments = Math.Max(0, S.Stats.Comments - removed), Likes = S.Stats.Likes - (unliked ? 1 : 0) };
            await Save();
        }
    }

    public Task<IReadOnlyList<VideoComment>> GetComments() =>
        Task.FromResult<IReadOnlyList<VideoComment>>(Exists ? S.Comments.ToArray() : []);

    private async Task FlushCounters(CancellationToken ct)
    {
        if (!_dirty || !Exists)
        {
            return;
        }
        await Save(ct);
        await Catalog.Upsert(Card());
        if (_regional.Count > 0)
        {
            var weights = new Dictionary<string, double>(_regional);
            _regional.Clear();
            await Catalog.AddRegionalHeat(VideoId, weights);
        }
    }

    /// <summary>Writes state; the job's continuations interleave with calls, so writes take turns.</summary>
    private async Task Save(CancellationToken ct = default)
    {
        await _writes.WaitAsync(ct);
        try
        {
            _dirty = false;
            await state.WriteStateAsync(ct);
        }
        finally
        {
            _writes.Release();
        }
    }
}
