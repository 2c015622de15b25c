using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// Every video's card. Lifecycle changes are written through; counter refreshes only update memory and are
/// written behind. One grain suits the current scale; it partitions by region or hashtag when it does not.
/// </summary>
public sealed class VideoCatalogGrain(
    [PersistentState("catalog", "store")] IPersistentState<VideoCatalogState> state,
    TimeProvider clock) : Grain, IVideoCatalogGrain
{
    // Videos shown fewer times than this are "fresh": the exploration pool that gives new creators an audience.
    public const long FreshImpressions = 100;

    private bool _dirty;

    private long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Flush, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Flush(cancellationToken);

    public async Task Upsert(VideoCard card)
    {
        var cards = state.State.Cards;
        var known = cards.TryGetValue(card.VideoId, out var old);
        var gained = TrendHeat.Weight(card.Stats) - (old is null ? 0 : TrendHeat.Weight(old.Stats));
        if (gained > 0)
        {
            var heat = state.State.Heat.GetValueOrDefault(card.VideoId) ?? new TrendHeat(0, NowMs);
            state.State.Heat[card.VideoId] = heat.Add(gained, NowMs);
        }
        cards[card.VideoId] = card;
        if (!known || old!.Status != card.Status)
        {
            await state.WriteStateAsync();
            _dirty = false;
        }
        else
        {
            _dirty = true;
        }
    }

    public async Task Remove(string videoId)
    {
        state.State.Heat.Remove(videoId);
        if (state.State.Cards.Remove(videoId))
        {
            await state.WriteStateAsync();
            _dirty = false;
        }
    }

    public Task<IReadOnlyList<VideoCard>> ByOwner(string ownerId, bool includeUnfinished) =>
        Task.FromResult<IReadOnlyList<VideoCard>>(state.State.Cards.Values
            .Where(c => c.OwnerId == ownerId && (includeUnfinished || c.Status == VideoStatus.Ready))
            .OrderByDescending(c => c.CreatedAt).ToList());

    public Task<CandidatePools> Candidates(CandidateQuery query)
    {
        var now = NowMs;
        var ready = state.State.Cards.Values.Where(c => c.Status == VideoStatus.Ready).ToList();
        var heat = ready.ToDictionary(c => c.VideoId, c => state.State.Heat.GetValueOrDefault(c.VideoId)?.At(now) ?? 0);
        var creators = query.Creators.ToHashSet();
        var tags = query.Hashtags.ToHashSet();
        var n = Math.Clamp(query.PerPool, 1, 500);
        var followed = ready.Where(c => creators.Contains(c.OwnerId)).OrderByDescending(c => c.CreatedAt).Take(n).ToList();
        var trending = ready.OrderByDescending(c => heat[c.VideoId]).ThenByDescending(c => c.CreatedAt).Take(n).ToList();
        var interest = tags.Count == 0 ? [] : ready.Where(c => c.Hashtags.Any(tags.Contains))
            .OrderByDescending(c => heat[c.VideoId]).ThenByDescending(c => c.CreatedAt).Take(n).ToList();
        var fresh = ready.Where(c => c.Stats.Impressions < FreshImpressions).OrderByDescending(c => c.CreatedAt).Take(n).ToList();
        var pools = followed.Concat(trending).Concat(interest).Concat(fresh).Select(c => c.VideoId).ToHashSet();
        return Task.FromResult(new CandidatePools(followed, trending, interest, fresh,
            heat.Where(h => pools.Contains(h.Key)).ToDictionary()));
    }

    private async Task Flush(CancellationToken ct)
    {
        if (_dirty)
        {
            _dirty = false;
            await state.WriteStateAsync(ct);
        }
    }
}
