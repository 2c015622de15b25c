using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// The similarity index (<see cref="SimilarityIndex"/>) as a grain: content from the catalog, co-engagement from the
/// viewer feed grains (one-way calls), queried by the feed. State is written behind every
/// <see cref="WriteEvery"/>; a crash loses at most that much co-engagement, and the catalog re-sends every ready
/// video's content when it activates.
/// </summary>
public sealed class VideoSimilarityGrain(
    [PersistentState("similarity", "store")] IPersistentState<VideoSimilarityState> state,
    TimeProvider clock) : Grain, IVideoSimilarityGrain
{
    private static readonly TimeSpan WriteEvery = TimeSpan.FromSeconds(30);

    private SimilarityIndex _index = null!;
    private bool _dirty;

    private long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _index = new SimilarityIndex(state.State);
        this.RegisterGrainTimer(Flush, WriteEvery, WriteEvery);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Flush(cancellationToken);

    public Task Index(IReadOnlyList<VideoContent> put, IReadOnlyList<string> removed)
    {
        foreach (var content in put)
        {
            _dirty |= _index.Put(content);
        }
        foreach (var videoId in removed)
        {
            _dirty |= _index.Remove(videoId);
        }
        return Task.CompletedTask;
    }

    public Task CoEngaged(string videoId, IReadOnlyList<string> recent)
    {
        if (recent.Count > 0)
        {
            _index.CoEngage(videoId, recent, NowMs);
            _dirty = true;
        }
        return Task.CompletedTask;
    }

    public Task<SimilarVideos> Similar(SimilarityQuery query) => Task.FromResult(_index.Similar(query, NowMs));

    public Task<IReadOnlyList<SimilarVideo>> Neighbours(string videoId) => Task.FromResult(_index.NeighboursOf(videoId, NowMs));

    private async Task Flush(CancellationToken ct)
    {
        if (_dirty)
        {
            _dirty = false;
            await state.WriteStateAsync(ct);
        }
    }
}
