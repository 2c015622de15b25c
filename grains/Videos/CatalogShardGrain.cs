using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// One shard of the video catalog: its videos' cards, with the feed's candidate sources indexed incrementally
/// (<see cref="CandidateIndex"/>), so a feed request costs O(candidates), not O(videos). Writes are behind: within a
/// second of a lifecycle change (new, ready, removed), within ten of a counter refresh, so a burst of uploads costs one
/// state write per second, not one per video. The cards are derived from the video grains, which re-send theirs on
/// their next change. The grain type is the single catalog's, so shard 0 (key <c>all</c>) reads its state; cards that
/// belong to another shard under the configured count are handed over after activation. Ready videos' content
/// (hashtags, caption words) goes on to the similarity index with the same one-second batching.
/// </summary>
[GrainType("videocatalog")]
public sealed class CatalogShardGrain(
    [PersistentState("catalog", "store")] IPersistentState<VideoCatalogState> state,
    IGrainFactory grains,
    IOptions<CatalogOptions> options,
    TimeProvider clock,
    ILogger<CatalogShardGrain> logger) : Grain, ICatalogShardGrain
{
    private const int HandOffBatch = 500;
    private const int MaxRemoved = 10_000;
    private readonly CandidateIndex _index = new();
    private static readonly TimeSpan CounterDelay = TimeSpan.FromSeconds(10);

    private const int MaxNews = 1000;
    private readonly string _epoch = Guid.NewGuid().ToString("N");
    private readonly Queue<(long Seq, VideoCard Card)> _news = new();
    private long _seq;
    private bool _dirty;
    private bool _urgent;
    private DateTimeOffset _writtenAt;
    private readonly HashSet<string> _removed = [];
    private readonly Queue<string> _removedOrder = new();
    // Videos that left uploaded/processing (ready, failed or removed) in the last minute: still listed by Unfinished, so
    // a gateway that had not looked since (a round between upload and end, an uploader reconnecting) pushes the end.
    private static readonly TimeSpan FinishedLinger = TimeSpan.FromMinutes(1);
    private readonly Queue<(long AtMs, VideoCard Card)> _finished = new();
    private IGrainTimer? _handOff;
    // Content changes the similarity index has not had yet (sent by the flush timer, a batch a second).
    private readonly Dictionary<string, VideoContent?> _similarity = [];

    private long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var card in state.State.Cards.Values)
        {
            _index.Put(card, state.State.Heat.GetValueOrDefault(card.VideoId));
        }
        foreach (var (region, heats) in state.State.RegionalHeat)
        {
            foreach (var (videoId, heat) in heats)
            {
                _index.PutRegional(region, videoId, heat);
            }
        }
        // The similarity index keeps its own state, written behind: re-sending all content covers what it had not written.
        foreach (var card in state.State.Cards.Values.Where(c => c.Status == VideoStatus.Ready))
        {
            _similarity[card.VideoId] = Content(card);
        }
        this.RegisterGrainTimer(Flush, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        if (Misplaced().Any())
        {
            // Not inside activation: the receiving shard may be activating too. Retried until every card is handed over.
            _handOff = this.RegisterGrainTimer(HandOff, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        }
        return Task.CompletedTask;
    }

    // Cards whose video hashes to another shard under the configured count (a changed count, or the unsharded catalog).
    private IEnumerable<VideoCard> Misplaced()
    {
        var shard = CatalogShards.IndexOf(this.GetPrimaryKeyString());
        var count = options.Value.Shards;
        return shard < 0 ? [] : state.State.Cards.Values.Where(c => CatalogShards.Of(c.VideoId, count) != shard);
    }

    private async Task HandOff(CancellationToken ct)
    {
        var count = options.Value.Shards;
        foreach (var group in Misplaced().GroupBy(c => CatalogShards.Of(c.VideoId, count)).ToList())
        {
            var target = grains.GetGrain<ICatalogShardGrain>(CatalogShards.Key(group.Key));
            foreach (var batch in group.Chunk(HandOffBatch))
            {
                await target.Adopt([.. batch.Select(Entry)]);
                foreach (var card in batch)
                {
                    Drop(card.VideoId);
                }
                _dirty = _urgent = true;
            }
            logger.LogInformation("Catalog shard {Shard} handed {Count} cards to {Target}", this.GetPrimaryKeyString(), group.Count(), target.GetPrimaryKeyString());
        }
        await Write(ct);
        _handOff?.Dispose();
        _handOff = null;
    }

    private CatalogEntry Entry(VideoCard card) => new(card, state.State.Heat.GetValueOrDefault(card.VideoId),
        state.State.RegionalHeat.Where(r => r.Value.ContainsKey(card.VideoId)).ToDictionary(r => r.Key, r => r.Value[card.VideoId]));

    public Task Adopt(IReadOnlyList<CatalogEntry> entries)
    {
        // Synchronous on purpose (it may interleave with this shard's own hand-off or a write in flight, which has
        // already serialized the state): two shards handing cards to each other must not wait on each other.
        foreach (var (card, heat, regional) in entries)
        {
            if (_removed.Contains(card.VideoId) || !state.State.Cards.TryAdd(card.VideoId, card))
            {
                continue;
            }
            if (heat is not null)
            {
                state.State.Heat[card.VideoId] = heat;
            }
            _index.Put(card, heat);
            if (card.Status == VideoStatus.Ready)
            {
                _similarity[card.VideoId] = Content(card);
            }
            foreach (var (region, regionalHeat) in regional)
            {
                (state.State.RegionalHeat.TryGetValue(region, out var h) ? h : state.State.RegionalHeat[region] = [])[card.VideoId] = regionalHeat;
                _index.PutRegional(region, card.VideoId, regionalHeat);
            }
            _dirty = _urgent = true;
        }
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _dirty ? Write(cancellationToken) : Task.CompletedTask;

    public Task Upsert(VideoCard card)
    {
        var cards = state.State.Cards;
        var known = cards.TryGetValue(card.VideoId, out var old);
        var gained = TrendHeat.Weight(card.Stats) - (old is null ? 0 : TrendHeat.Weight(old.Stats));
        TrendHeat? heat = state.State.Heat.GetValueOrDefault(card.VideoId);
        if (gained > 0)
        {
            heat = (heat ?? new TrendHeat(0, NowMs)).Add(gained, NowMs);
            state.State.Heat[card.VideoId] = heat;
        }
        cards[card.VideoId] = card;
        _index.Put(card, heat);
        if (old is not null && CandidateIndex.IsUnfinished(old) && !CandidateIndex.IsUnfinished(card))
        {
            Finished(card);
        }
        if (card.Status == VideoStatus.Ready && (old?.Status != VideoStatus.Ready || old.Caption != card.Caption || !old.Hashtags.SequenceEqual(card.Hashtags)))
        {
            _similarity[card.VideoId] = Content(card);
        }
        else if (card.Status != VideoStatus.Ready && old?.Status == VideoStatus.Ready)
        {
            _similarity[card.VideoId] = null;
        }
        if (card.Status == VideoStatus.Ready && old?.Status != VideoStatus.Ready)
        {
            // News for the gateways' feed pushes ("a followed creator posted"): kept in memory, the last 1000.
            _news.Enqueue((++_seq, card));
            if (_news.Count > MaxNews)
            {
                _news.Dequeue();
            }
        }
        _dirty = true;
        _urgent |= !known || old!.Status != card.Status;
        return Task.CompletedTask;
    }

    public Task Remove(string videoId)
    {
        // Remembered for this activation, so a stale copy handed over from another shard does not bring it back.
        if (_removed.Add(videoId))
        {
            _removedOrder.Enqueue(videoId);
            if (_removedOrder.Count > MaxRemoved)
            {
                _removed.Remove(_removedOrder.Dequeue());
            }
        }
        _similarity[videoId] = null;
        if (state.State.Cards.TryGetValue(videoId, out var card) && CandidateIndex.IsUnfinished(card))
        {
            Finished(card with { Status = VideoStatus.Deleted });
        }
        if (Drop(videoId))
        {
            _dirty = _urgent = true;
        }
        return Task.CompletedTask;
    }

    private bool Drop(string videoId)
    {
        state.State.Heat.Remove(videoId);
        foreach (var heats in state.State.RegionalHeat.Values)
        {
            heats.Remove(videoId);
        }
        _index.Remove(videoId);
        return state.State.Cards.Remove(videoId);
    }

    public Task AddRegionalHeat(string videoId, IReadOnlyDictionary<string, double> weights)
    {
        if (!state.State.Cards.ContainsKey(videoId))
        {
            return Task.CompletedTask;
        }
        foreach (var (region, weight) in weights.Where(w => w.Value > 0))
        {
            var heats = state.State.RegionalHeat.TryGetValue(region, out var h) ? h : state.State.RegionalHeat[region] = [];
            var heat = heats[videoId] = (heats.GetValueOrDefault(videoId) ?? new TrendHeat(0, NowMs)).Add(weight, NowMs);
            _index.PutRegional(region, videoId, heat);
            _dirty = true;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VideoCard>> ByOwner(string ownerId, bool includeUnfinished) =>
        Task.FromResult(_index.ByOwner(ownerId, includeUnfinished));

    public Task<ShardNews> NewsSince(string epoch, long after) => Task.FromResult(new ShardNews(_epoch, _seq,
        epoch.Length == 0 ? [] : [.. _news.Where(n => epoch != _epoch || n.Seq > after).Select(n => n.Card)]));

    public Task<IReadOnlyList<VideoCard>> Unfinished()
    {
        ForgetFinished();
        return Task.FromResult<IReadOnlyList<VideoCard>>([.. _index.Unfinished(), .. _finished.Select(f => f.Card)]);
    }

    private void Finished(VideoCard card)
    {
        ForgetFinished();
        _finished.Enqueue((NowMs, card));
    }

    private void ForgetFinished()
    {
        var before = NowMs - (long)FinishedLinger.TotalMilliseconds;
        while (_finished.TryPeek(out var oldest) && oldest.AtMs < before)
        {
            _finished.Dequeue();
        }
    }

    public Task<ShardCandidates> Candidates(CandidateQuery query) =>
        Task.FromResult(_index.Ranked(query, query.AtMs > 0 ? query.AtMs : NowMs));

    private async Task Flush(CancellationToken ct)
    {
        await IndexSimilarity();
        if (_dirty && (_urgent || clock.GetUtcNow() - _writtenAt >= CounterDelay))
        {
            await Write(ct);
        }
    }

    private async Task IndexSimilarity()
    {
        if (_similarity.Count == 0)
        {
            return;
        }
        var batch = _similarity.ToList();
        _similarity.Clear();
        var similarity = grains.GetGrain<IVideoSimilarityGrain>("all");
        for (var i = 0; i < batch.Count; i += 1000)
        {
            var chunk = batch.GetRange(i, Math.Min(1000, batch.Count - i));
            try
            {
                await similarity.Index([.. chunk.Where(c => c.Value is not null).Select(c => c.Value!)],
                    [.. chunk.Where(c => c.Value is null).Select(c => c.Key)]);
            }
            catch
            {
                // Not sent: kept for the next flush unless a newer change came in meanwhile.
                foreach (var (videoId, content) in batch.Skip(i))
                {
                    _similarity.TryAdd(videoId, content);
                }
                throw;
            }
        }
    }

    private static VideoContent Content(VideoCard card) =>
        new(card.VideoId, ContentFeatures.Of(card), card.CreatedAt.ToUnixTimeMilliseconds());

    private async Task Write(CancellationToken ct)
    {
        _dirty = _urgent = false;
        _writtenAt = clock.GetUtcNow();
        await state.WriteStateAsync(ct);
    }
}
