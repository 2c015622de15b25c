using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// Every video's card, with the feed's candidate sources indexed incrementally (<see cref="CandidateIndex"/>), so a
/// feed request costs O(candidates), not O(videos). Writes are behind: within a second of a lifecycle change (new,
/// ready, removed), within ten of a counter refresh, so a burst of uploads costs one state write per second, not
/// one per video. The cards are derived from the video grains, which re-send theirs on their next change.
/// Ready videos' content (hashtags, caption words) goes on to the similarity index with the same one-second batching.
/// </summary>
public sealed class VideoCatalogGrain(
    [PersistentState("catalog", "store")] IPersistentState<VideoCatalogState> state,
    TimeProvider clock) : Grain, IVideoCatalogGrain
{
    private readonly CandidateIndex _index = new();
    private static readonly TimeSpan CounterDelay = TimeSpan.FromSeconds(10);

    private const int MaxNews = 1000;
    private readonly string _epoch = Guid.NewGuid().ToString("N");
    private readonly Queue<(long Seq, VideoCard Card)> _news = new();
    private long _seq;
    private bool _dirty;
    private bool _urgent;
    private DateTimeOffset _writtenAt;
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
        state.State.Heat.Remove(videoId);
        foreach (var heats in state.State.RegionalHeat.Values)
        {
            heats.Remove(videoId);
        }
        _index.Remove(videoId);
        _similarity[videoId] = null;
        if (state.State.Cards.Remove(videoId))
        {
            _dirty = _urgent = true;
        }
        return Task.CompletedTask;
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

    public Task<VideoNews> NewsSince(string epoch, long after) => Task.FromResult(new VideoNews(_epoch, _seq,
        epoch.Length == 0 ? [] : [.. _news.Where(n => epoch != _epoch || n.Seq > after).Select(n => n.Card)]));

    public Task<IReadOnlyList<VideoCard>> Unfinished() => Task.FromResult(_index.Unfinished());

    public Task<CandidatePools> Candidates(CandidateQuery query) => Task.FromResult(_index.Candidates(query, NowMs));

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
        var similarity = GrainFactory.GetGrain<IVideoSimilarityGrain>("all");
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
