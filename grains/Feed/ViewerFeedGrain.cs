using Microsoft.Extensions.Options;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Videos;
using Stagecast.Grains.Videos;

namespace Stagecast.Grains.Feed;

/// <summary>
/// One viewer's For You feed: followed creators live now first, then videos from followed creators, trending,
/// interest hashtags, similar videos (<see cref="IVideoSimilarityGrain"/>) and the fresh pool, scored by the
/// <see cref="LearnedRanker"/> once it has a model (else by <see cref="FeedRanker"/>); nothing already served is shown
/// again while unseen videos remain. When they run out, a page is filled with videos served before, least recently
/// served first and each once per session (reason <c>rewatch</c>), so that a reload never finds an empty feed while
/// videos exist. Served videos and their outcomes are logged for the learned ranker's training.
/// Anonymous sessions ("anon-..." keys) keep their state in memory only.
/// </summary>
public sealed class ViewerFeedGrain(
    [PersistentState("feed", "store")] IPersistentState<ViewerFeedState> state,
    IGrainFactory grains,
    LearnedRanker learned,
    IOptions<SimilarityOptions> similarity,
    TimeProvider clock) : Grain, IViewerFeedGrain
{
    public const string AnonymousPrefix = "anon-";
    private const int MaxSeen = 5000;
    private const int PerPool = 60;
    private const int MaxEngaged = 20;

    private readonly HashSet<string> _shownLive = [];
    private readonly HashSet<string> _shownVideos = [];
    private readonly ImpressionLog _log = new();
    private HashSet<string>? _seen;
    private string? _lastCreator;
    private int _page;
    private bool _dirty;
    private string? _region;

    private string ViewerId => this.GetPrimaryKeyString();

    private bool Anonymous => ViewerId.StartsWith(AnonymousPrefix, StringComparison.Ordinal);

    private HashSet<string> Seen => _seen ??= [.. state.State.Seen];

    // Every followed creator, however many (the user grain pages them by 500).
    private async Task<HashSet<string>> FollowingAsync() =>
        Anonymous ? [] : [.. await FollowPages.FollowingAsync(grains.GetGrain<IUserGrain>(ViewerId))];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Flush, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Flush(cancellationToken);

    public Task<FeedPage> Next(bool restart, int size) => NextIn(restart, size, null);

    public async Task<FeedPage> NextIn(bool restart, int size, string? region)
    {
        _region = region;
        size = Math.Clamp(size, 1, 30);
        learned.Log(_log.Close());
        if (restart)
        {
            _shownLive.Clear();
            _shownVideos.Clear();
            _page = 0;
        }
        var following = await FollowingAsync();
        var hidden = await HiddenAsync();
        var items = new List<FeedEntry>();
        // A room whose host is reconnecting shows a frozen picture: the live list says so, the feed leaves it out.
        var live = (await grains.GetGrain<IRoomDirectoryGrain>("live").List()).Where(r => !hidden.Contains(r.HostId) && !r.Reconnecting).ToList();
        foreach (var room in live.Where(r => following.Contains(r.HostId) && !_shownLive.Contains(r.RoomId)).Take(size))
        {
            items.Add(new FeedEntry(null, room, "followed-live", 0));
            _shownLive.Add(room.RoomId);
        }
        var (pools, ranked, features) = await RankAsync(following, hidden);
        var fresh = pools.Fresh.Where(c => !Seen.Contains(c.VideoId) && !hidden.Contains(c.OwnerId)).ToList();
        // The training group names the page, not the viewer: the ranker's samples hold no user id.
        var group = Guid.NewGuid().ToString("N");
        foreach (var pick in FeedRanker.Arrange(ranked, fresh, size - items.Count, _lastCreator, Random.Shared))
        {
            // Every pick is a ranked candidate (fresh is one of the pools, filtered alike).
            _log.Shown(group, pick.Card.VideoId, features[pick.Card.VideoId]);
            items.Add(new FeedEntry(pick.Card, null, pick.Reason, pick.Score));
            MarkSeen(pick.Card.VideoId);
            _shownVideos.Add(pick.Card.VideoId);
            _lastCreator = pick.Card.OwnerId;
        }
        foreach (var card in Rewatch(pools, hidden, size - items.Count))
        {
            items.Add(new FeedEntry(card, null, "rewatch", 0));
            MarkSeen(card.VideoId, again: true);
            _shownVideos.Add(card.VideoId);
            _lastCreator = card.OwnerId;
        }
        // One live room the viewer does not follow, as discovery, once per session.
        if (live.FirstOrDefault(r => !_shownLive.Contains(r.RoomId)) is { } other && items.Count < size)
        {
            items.Insert(Math.Min(2, items.Count), new FeedEntry(null, other, "live-now", 0));
            _shownLive.Add(other.RoomId);
        }
        return new FeedPage(items, ++_page);
    }

    public async Task<IReadOnlyList<FeedEntry>> Head(int size)
    {
        var (_, ranked, _) = await RankAsync(await FollowingAsync(), await HiddenAsync());
        return [.. ranked.OrderByDescending(r => r.Score).ThenBy(r => r.Card.VideoId, StringComparer.Ordinal)
            .Take(Math.Clamp(size, 1, 10)).Select(r => new FeedEntry(r.Card, null, r.Reason, r.Score))];
    }

    public Task Observe(VideoCard video, VideoSignalKind kind, long? watchedMs)
    {
        _log.Engaged(video.VideoId, kind, watchedMs, video.DurationMs);
        var weight = Affinities.Weight(kind, watchedMs, video.DurationMs);
        Affinities.Learn(state.State, video, weight, clock.GetUtcNow().ToUnixTimeMilliseconds());
        if (Affinities.Positive(kind, weight) && !state.State.Engaged.Contains(video.VideoId))
        {
            // One-way: the viewer's event does not wait for the similarity index.
            var recent = state.State.Engaged.TakeLast(SimilarityIndex.MaxRecent).ToList();
            if (recent.Count > 0)
            {
                _ = grains.GetGrain<IVideoSimilarityGrain>("all").CoEngaged(video.VideoId, recent);
            }
            state.State.Engaged.Add(video.VideoId);
            if (state.State.Engaged.Count > MaxEngaged)
            {
                state.State.Engaged.RemoveAt(0);
            }
        }
        if (kind is VideoSignalKind.Impression or VideoSignalKind.View)
        {
            MarkSeen(video.VideoId);
        }
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, double>> Interests() =>
        Task.FromResult<IReadOnlyDictionary<string, double>>(state.State.Affinity.OrderByDescending(a => a.Value).Take(20).ToDictionary());

    public Task<WatchHistory> History() => Task.FromResult(new WatchHistory([.. state.State.Seen], state.State.Affinity.ToDictionary(), [.. state.State.Engaged]));

    public async Task Forget()
    {
        _seen = null;
        _lastCreator = null;
        _log.Close();
        state.State.Seen.Clear();
        state.State.Affinity.Clear();
        state.State.Engaged.Clear();
        _dirty = false;
        await state.ClearStateAsync();
    }

    // Blocked either way: neither sees the other's lives or videos; nor does the viewer see their own.
    private async Task<HashSet<string>> HiddenAsync()
    {
        var hidden = Anonymous ? [] : (await grains.GetGrain<IBlockListGrain>(ViewerId).Hidden()).ToHashSet();
        hidden.Add(ViewerId);
        return hidden;
    }

    // Unseen candidates from every pool, scored, with each one's features (computed once: the log reuses them).
    private async Task<(CandidatePools Pools, List<RankedVideo> Ranked, Dictionary<string, float[]> Features)> RankAsync(
        HashSet<string> following, HashSet<string> hidden)
    {
        var similar = await SimilarAsync();
        var pools = await grains.GetGrain<IVideoCatalogGrain>(0).Candidates(new CandidateQuery([.. following],
            Affinities.TopTags(state.State, 8), PerPool, _region, [.. similar.CoEngagement.Keys.Concat(similar.Nearest).Distinct()]));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var candidates = Pooled(pools).Where(c => !Seen.Contains(c.VideoId) && !hidden.Contains(c.OwnerId))
            .ToList();
        var features = candidates.ToDictionary(c => c.VideoId, c => Features(c, following, pools.Heat, now, similar.CoEngagement));
        return (pools, [.. candidates.Select(c => Score(c, features[c.VideoId]))], features);
    }

    private float[] Features(VideoCard card, HashSet<string> following, IReadOnlyDictionary<string, double> heat, long now,
        IReadOnlyDictionary<string, double> co)
    {
        var features = FeedFeatures.Of(card, following, state.State.Affinity, heat, now, co);
        if (!similarity.Value.Similar)
        {
            features[FeedFeatures.WordMatchIndex] = features[FeedFeatures.CoEngagementIndex] = 0;
        }
        return features;
    }

    // Neighbours of the viewer's recent videos and the videos nearest their interest vector; nothing to ask without
    // either, or with the similarity source off.
    private async Task<SimilarVideos> SimilarAsync()
    {
        if (!similarity.Value.Similar)
        {
            return SimilarVideos.None;
        }
        var interests = Affinities.TopContent(state.State, SimilarityIndex.MaxInterests);
        if (state.State.Engaged.Count == 0 && interests.Count == 0)
        {
            return SimilarVideos.None;
        }
        return await grains.GetGrain<IVideoSimilarityGrain>("all").Similar(
            new SimilarityQuery([.. state.State.Engaged.TakeLast(SimilarityIndex.MaxRecent)], interests, PerPool));
    }

    // The learned score orders the page; the reason stays the hand-written scorer's largest term ("why this video").
    private RankedVideo Score(VideoCard card, float[] features)
    {
        var hand = FeedRanker.Score(card, features);
        return learned.TryScore(features, out var score) ? hand with { Score = score } : hand;
    }

    // Every pool's cards, each video once (a video may be in several pools).
    private static IEnumerable<VideoCard> Pooled(CandidatePools pools) =>
        pools.Followed.Concat(pools.Trending).Concat(pools.Interest).Concat(pools.Similar ?? []).Concat(pools.Fresh).DistinctBy(c => c.VideoId);

    // Once the unseen candidates are used up: candidates served before but not yet in this session, least recently
    // served first, keeping two consecutive videos from different creators where another creator is available.
    private List<VideoCard> Rewatch(CandidatePools pools, HashSet<string> hidden, int count)
    {
        if (count <= 0)
        {
            return [];
        }
        var order = new Dictionary<string, int>(state.State.Seen.Count);
        for (var i = 0; i < state.State.Seen.Count; i++)
        {
            order[state.State.Seen[i]] = i;
        }
        var queue = Pooled(pools).Where(c => order.ContainsKey(c.VideoId) && !_shownVideos.Contains(c.VideoId) && !hidden.Contains(c.OwnerId))
            .OrderBy(c => order[c.VideoId])
            .ToList();
        var chosen = new List<VideoCard>();
        var last = _lastCreator;
        while (chosen.Count < count && queue.Count > 0)
        {
            var at = queue.FindIndex(c => c.OwnerId != last);
            var next = queue[at < 0 ? 0 : at];
            queue.Remove(next);
            chosen.Add(next);
            last = next.OwnerId;
        }
        return chosen;
    }

    private void MarkSeen(string videoId, bool again = false)
    {
        if (again && Seen.Contains(videoId))
        {
            // Served again: it moves to the most recent end, so the next rewatch starts with what was seen longest ago.
            state.State.Seen.Remove(videoId);
            state.State.Seen.Add(videoId);
            _dirty = true;
            return;
        }
        if (Seen.Add(videoId))
        {
            state.State.Seen.Add(videoId);
            if (state.State.Seen.Count > MaxSeen)
            {
                Seen.Remove(state.State.Seen[0]);
                state.State.Seen.RemoveAt(0);
            }
            _dirty = true;
        }
    }

    private async Task Flush(CancellationToken ct)
    {
        if (_dirty && !Anonymous)
        {
            _dirty = false;
            await state.WriteStateAsync(ct);
        }
    }
}
