using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// A resumable upload's shared state: its metadata and the chunks stored so far (their bytes live in the video
/// storage under <c>uploads/tus/{id}/</c>, written by the gateway that received them). The newest PATCH holds the
/// lease: a client resuming on another gateway after a broken connection takes over from the request that broke.
/// </summary>
public sealed class TusUploadGrain([PersistentState("tus", "store")] IPersistentState<TusUploadState> state) : Grain, ITusUploadGrain
{
    private Guid? _lease;

    public async Task Create(TusUploadInfo info)
    {
        state.State = new TusUploadState { Info = info };
        await state.WriteStateAsync();
    }

    public Task<TusUploadStatus?> Get() => Task.FromResult(state.State.Info is { } info
        ? new TusUploadStatus(info, state.State.Offset, state.State.Chunks)
        : null);

    public Task<TusUploadStatus?> Resume()
    {
        _lease = null;
        return Get();
    }

    public Task<TusBegin> Begin(long offset)
    {
        if (state.State.Info is null || offset != state.State.Offset)
        {
            return Task.FromResult(new TusBegin(null, state.State.Offset));
        }
        _lease = Guid.NewGuid();
        return Task.FromResult(new TusBegin(_lease, offset));
    }

    public async Task<long?> Commit(Guid lease, long length)
    {
        if (state.State.Info is not { } info || _lease != lease || length < 0 || state.State.Offset + length > info.Length)
        {
            return null;
        }
        if (length > 0)
        {
            state.State.Chunks.Add(new TusBegin(lease, state.State.Offset).Chunk);
            state.State.Offset += length;
            await state.WriteStateAsync();
        }
        _lease = null;
        return state.State.Offset;
    }

    public async Task Delete()
    {
        _lease = null;
        await state.ClearStateAsync();
        state.State = new TusUploadState();
        DeactivateOnIdle();
    }
}

[GenerateSerializer, Alias("Stagecast.TusUploadState")]
public sealed class TusUploadState
{
    [Id(0)] public TusUploadInfo? Info { get; set; }
    [Id(1)] public long Offset { get; set; }
    [Id(2)] public List<string> Chunks { get; set; } = [];
}
