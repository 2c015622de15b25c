using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// The catalog's candidate sources, kept incrementally as cards change: per-creator recent lists, the fresh pool,
/// and trending (decayed heat) overall and per hashtag, each with a recency fallback. A feed request reads
/// O(candidates + sources x log videos) entries, never the whole catalog.
/// </summary>
public sealed class CandidateIndex
{
    // Videos shown fewer times than this are "fresh": the exploration pool that gives new creators an audience.
    public const long FreshImpressions = 100;

    private readonly Dictionary<string, VideoCard> _cards = [];
    private readonly Dictionary<string, TrendHeat> _heat = [];
    private readonly Dictionary<string, RankedSet> _byOwner = [];
    private readonly RankedSet _recent = new();
    private readonly RankedSet _hot = new();
    private readonly RankedSet _fresh = new();
    private readonly Dictionary<string, RankedSet> _tagRecent = [];
    private readonly Dictionary<string, RankedSet> _tagHot = [];
    private readonly Dictionary<string, RankedSet> _regionHot = [];
    private readonly Dictionary<string, Dictionary<string, TrendHeat>> _regionHeat = [];
    private readonly HashSet<string> _unfinished = [];

    public int Count => _cards.Count;

    /// <summary>Adds or refreshes a card and its heat (null: no engagement yet).</summary>
    public void Put(VideoCard card, TrendHeat? heat)
    {
        if (_cards.TryGetValue(card.VideoId, out var old) && !old.Hashtags.SequenceEqual(card.Hashtags))
        {
            Remove(card.VideoId);
        }
        _cards[card.VideoId] = card;
        if (heat is not null)
        {
            _heat[card.VideoId] = heat;
        }
        var id = card.VideoId;
        var created = card.CreatedAt.ToUnixTimeMilliseconds();
        Of(_byOwner, card.OwnerId).Set(id, created);
        if (IsUnfinished(card))
        {
            _unfinished.Add(id);
        }
        else
        {
            _unfinished.Remove(id);
        }
        if (card.Status != VideoStatus.Ready)
        {
            Unlist(card);
            return;
        }
        _recent.Set(id, created);
        if (card.Stats.Impressions < FreshImpressions)
        {
            _fresh.Set(id, created);
        }
        else
        {
            _fresh.Remove(id);
        }
        foreach (var (region, heats) in _regionHeat)
        {
            if (heats.TryGetValue(id, out var regional))
            {
                Of(_regionHot, region).Set(id, regional.Key);
            }
        }
        var key = _heat.GetValueOrDefault(id)?.Key ?? double.NegativeInfinity;
        foreach (var tag in card.Hashtags)
        {
            Of(_tagRecent, tag).Set(id, created);
        }
        if (double.IsNegativeInfinity(key))
        {
            return;
        }
        _hot.Set(id, key);
        foreach (var tag in card.Hashtags)
        {
            Of(_tagHot, tag).Set(id, key);
        }
    }

    /// <summary>Sets a video's heat among one region's viewers (listed while the video is ready).</summary>
    public void PutRegional(string region, string videoId, TrendHeat heat)
    {
        if (!_cards.TryGetValue(videoId, out var card))
        {
            return;
        }
        (_regionHeat.TryGetValue(region, out var heats) ? heats : _regionHeat[region] = [])[videoId] = heat;
        if (card.Status == VideoStatus.Ready)
        {
            Of(_regionHot, region).Set(videoId, heat.Key);
        }
    }

    public bool Remove(string videoId)
    {
        if (!_cards.Remove(videoId, out var card))
        {
            return false;
        }
        _heat.Remove(videoId);
        _unfinished.Remove(videoId);
        foreach (var heats in _regionHeat.Values)
        {
            heats.Remove(videoId);
        }
        if (_byOwner.TryGetValue(card.OwnerId, out var owned) && owned.Remove(videoId) && owned.Count == 0)
        {
            _byOwner.Remove(card.OwnerId);
        }
        Unlist(card);
        return true;
    }

    /// <summary>Still uploaded or processing: listed by <see cref="Unfinished"/>.</summary>
    public static bool IsUnfinished(VideoCard card) => card.Status is VideoStatus.Uploaded or VideoStatus.Processing;

    /// <summary>Videos still uploaded or processing (their uploaders get status pushes).</summary>
    public IReadOnlyList<VideoCard> Unfinished() => [.. _unfinished.Select(id => _cards[id])];

    public TrendHeat? Heat(string videoId) => _heat.GetValueOrDefault(videoId);

    public IReadOnlyList<VideoCard> ByOwner(string ownerId, bool includeUnfinished) =>
        _byOwner.TryGetValue(ownerId, out var owned)
            ? owned.Top().Select(id => _cards[id]).Where(c => includeUnfinished || c.Status == VideoStatus.Ready).ToList()
            : [];

    /// <summary>The candidate pools of this index alone (a one-shard catalog): <see cref="Assemble"/> of <see cref="Ranked"/>.</summary>
    public CandidatePools Candidates(CandidateQuery query, long nowMs) => Assemble([Ranked(query, nowMs)], query.PerPool, query.Similar);

    /// <summary>
    /// The best n entries of every source with their ranking keys, so that several indexes (shards) merge into exactly
    /// the pools one index holding all their cards would give.
    /// </summary>
    public ShardCandidates Ranked(CandidateQuery query, long nowMs)
    {
        var n = Math.Clamp(query.PerPool, 1, 500);
        var followed = Merge(query.Creators.Distinct().Select(c => _byOwner.GetValueOrDefault(c)), n, ready: true);
        // A region's trending comes first for its viewers, then the global one (a small region has little of its own).
        var regional = query.Region is { } r && _regionHot.TryGetValue(r, out var hot) ? hot.Entries().Take(n).Select(Id).ToList() : [];
        var tags = query.Hashtags.Distinct().ToList();
        var tagHot = tags.Count == 0 ? [] : Merge(tags.Select(t => _tagHot.GetValueOrDefault(t)), n, ready: false);
        var tagRecent = tags.Count == 0 ? [] : Merge(tags.Select(t => _tagRecent.GetValueOrDefault(t)), n, ready: false);
        var sources = new[]
        {
            followed, regional, [.. _hot.Entries().Take(n).Select(Id)], [.. _recent.Entries().Take(n).Select(Id)], tagHot, tagRecent,
            [.. _fresh.Entries().Take(n).Select(Id)],
        };
        // The similarity index's picks (co-engaged neighbours and nearest by vector) that this index holds ready.
        var similar = (query.Similar ?? []).Distinct().Take(2 * n)
            .Where(id => _cards.GetValueOrDefault(id)?.Status == VideoStatus.Ready).ToList();
        var regionHeat = query.Region is { } q ? _regionHeat.GetValueOrDefault(q) : null;
        var cards = new Dictionary<string, VideoCard>();
        var heat = new Dictionary<string, double>();
        var regionalHeat = new Dictionary<string, double>();
        foreach (var id in sources.SelectMany(s => s).Select(e => e.Id).Concat(similar))
        {
            if (cards.TryAdd(id, _cards[id]))
            {
                heat[id] = _heat.GetValueOrDefault(id)?.At(nowMs) ?? 0;
                if (regionHeat?.GetValueOrDefault(id) is { } there)
                {
                    regionalHeat[id] = there.At(nowMs);
                }
            }
        }
        return new ShardCandidates(sources[0], sources[1], sources[2], sources[3], sources[4], sources[5], sources[6], cards, heat,
            regionalHeat, regionHeat is not null) { Similar = similar };
    }

    /// <summary>
    /// Merges shards' <see cref="Ranked"/> answers into the pools: each source k-way merged by its key (ties by id, as
    /// within one index), then trending = regional, hot, recent and interest = hashtag-hot, hashtag-recent, first n distinct.
    /// </summary>
    /// The similarity picks keep the order the query asked for them in (<paramref name="similarAsked"/>), whichever shard holds them.
    public static CandidatePools Assemble(IReadOnlyList<ShardCandidates> shards, int perPool, IReadOnlyList<string>? similarAsked = null)
    {
        var n = Math.Clamp(perPool, 1, 500);
        List<string> Top(Func<ShardCandidates, IReadOnlyList<RankedId>> source) =>
            [.. shards.SelectMany(source).Order(RankedOrder).Select(e => e.Id).Distinct().Take(n)];
        VideoCard Card(string id) => shards.First(s => s.Cards.ContainsKey(id)).Cards[id];
        var followed = Top(s => s.Followed);
        var trending = Top(s => s.Regional).Concat(Top(s => s.Hot)).Concat(Top(s => s.Recent)).Distinct().Take(n).ToList();
        var interest = Top(s => s.TagHot).Concat(Top(s => s.TagRecent)).Distinct().Take(n).ToList();
        var fresh = Top(s => s.Fresh);
        var held = shards.SelectMany(s => s.Similar ?? []).ToHashSet();
        var similar = (similarAsked ?? []).Distinct().Take(2 * n).Where(held.Contains).ToList();
        // For a region's viewer, heat there counts fully and heat elsewhere a quarter; in a region nobody has engaged
        // from yet (no shard knows it), heat is the global heat.
        var region = shards.Any(s => s.RegionKnown);
        var heat = new Dictionary<string, double>();
        foreach (var id in followed.Concat(trending).Concat(interest).Concat(fresh).Concat(similar))
        {
            var shard = shards.First(s => s.Heat.ContainsKey(id));
            var global = shard.Heat[id];
            heat.TryAdd(id, region ? shard.RegionalHeat.GetValueOrDefault(id) + 0.25 * global : global);
        }
        return new CandidatePools([.. followed.Select(Card)], [.. trending.Select(Card)], [.. interest.Select(Card)], [.. fresh.Select(Card)], heat,
            [.. similar.Select(Card)]);
    }

    // Best first: higher key, then the lower id (ordinal), the order of every RankedSet.
    private static readonly Comparer<RankedId> RankedOrder =
        Comparer<RankedId>.Create((a, b) => a.Key != b.Key ? b.Key.CompareTo(a.Key) : string.CompareOrdinal(a.Id, b.Id));

    private static RankedId Id((double Key, string Id) e) => new(e.Key, e.Id);

    private void Unlist(VideoCard card)
    {
        _recent.Remove(card.VideoId);
        _fresh.Remove(card.VideoId);
        _hot.Remove(card.VideoId);
        foreach (var region in _regionHot.Keys.ToList())
        {
            Drop(_regionHot, region, card.VideoId);
        }
        foreach (var tag in card.Hashtags)
        {
            Drop(_tagRecent, tag, card.VideoId);
            Drop(_tagHot, tag, card.VideoId);
        }
    }

    /// <summary>The best n entries across several ranked sets, each id once (k-way merge: O(sources + n log sources)).</summary>
    private List<RankedId> Merge(IEnumerable<RankedSet?> sources, int n, bool ready)
    {
        var heads = new PriorityQueue<IEnumerator<(double Key, string Id)>, RankedId>(RankedOrder);
        foreach (var set in sources)
        {
            var it = (set?.Entries() ?? []).Where(e => !ready || _cards[e.Id].Status == VideoStatus.Ready).GetEnumerator();
            if (it.MoveNext())
            {
                heads.Enqueue(it, Id(it.Current));
            }
        }
        var result = new List<RankedId>(n);
        var taken = new HashSet<string>();
        while (result.Count < n && heads.TryDequeue(out var it, out var head))
        {
            if (taken.Add(head.Id))
            {
                result.Add(head);
            }
            if (it.MoveNext())
            {
                heads.Enqueue(it, Id(it.Current));
            }
        }
        return result;
    }

    private static RankedSet Of(Dictionary<string, RankedSet> sets, string key)
    {
        if (!sets.TryGetValue(key, out var set))
        {
            sets[key] = set = new RankedSet();
        }
        return set;
    }

    private static void Drop(Dictionary<string, RankedSet> sets, string key, string id)
    {
        if (sets.TryGetValue(key, out var set) && set.Remove(id) && set.Count == 0)
        {
            sets.Remove(key);
        }
    }
}
