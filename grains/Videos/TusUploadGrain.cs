using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Videos;
using Stagecast.Media.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// A resumable upload's shared state: its metadata and the chunks stored so far (their bytes live in the video
/// storage under <c>uploads/tus/{id}/</c>, written by the gateway that received them). The newest PATCH holds the
/// lease: a client resuming on another gateway after a broken connection takes over from the request that broke.
/// An upload expires <see cref="VideoOptions.TusExpiryHours"/> after its creation or last stored PATCH (tus
/// <c>expiration</c>); a reminder then deletes its chunks and state, so abandoned uploads do not fill the store.
/// </summary>
public sealed class TusUploadGrain(
    [PersistentState("tus", "store")] IPersistentState<TusUploadState> state,
    IVideoStorage storage,
    VideoOptions options,
    TimeProvider clock,
    ILogger<TusUploadGrain> logger) : Grain, ITusUploadGrain, IRemindable
{
    private const string ExpiryReminder = "expire";
    private Guid? _lease;

    private DateTimeOffset Now => clock.GetUtcNow();

    private TimeSpan Lifetime => TimeSpan.FromHours(options.TusExpiryHours > 0 ? options.TusExpiryHours : VideoOptions.DefaultTusExpiryHours);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Info is not null && state.State.ExpiresAt == default)
        {
            // Stored before uploads expired: counted from now.
            state.State.ExpiresAt = Now + Lifetime;
        }
        return Task.CompletedTask;
    }

    public async Task<TusUploadStatus> Create(TusUploadInfo info)
    {
        state.State = new TusUploadState { Info = info, ExpiresAt = Now + Lifetime };
        await state.WriteStateAsync();
        await ArmReminder();
        return Status(info);
    }

    public Task<TusUploadStatus?> Get() => Task.FromResult(state.State.Info is { } info ? Status(info) : null);

    public Task<TusUploadStatus?> Resume()
    {
        _lease = null;
        return Get();
    }

    public Task<TusBegin> Begin(long offset)
    {
        if (state.State.Info is null || offset != state.State.Offset || Expired)
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
            state.State.ExpiresAt = Now + Lifetime;
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
        await DisarmReminder();
        DeactivateOnIdle();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }
        if (state.State.Info is null)
        {
            await DisarmReminder();
        }
        else if (!Expired || _lease is not null)
        {
            // Still in use (a PATCH moved the expiry, or one is running now): look again when it would expire.
            await ArmReminder();
        }
        else
        {
            logger.LogInformation("Resumable upload {UploadId} expired at {ExpiresAt}; its chunks are deleted", this.GetPrimaryKeyString(), state.State.ExpiresAt);
            await storage.DeletePrefixAsync(VideoKeys.TusPrefix(this.GetPrimaryKeyString()), CancellationToken.None);
            await Delete();
        }
    }

    private bool Expired => state.State.ExpiresAt <= Now;

    private TusUploadStatus Status(TusUploadInfo info) => new(info, state.State.Offset, state.State.Chunks, state.State.ExpiresAt);

    // Due when the upload would expire (plus a second, so the check sees it expired); the period is only a retry.
    private Task ArmReminder()
    {
        var due = state.State.ExpiresAt - Now + TimeSpan.FromSeconds(1);
        return this.RegisterOrUpdateReminder(ExpiryReminder, due > TimeSpan.Zero ? due : TimeSpan.FromSeconds(1),
            Lifetime > TimeSpan.FromMinutes(1) ? Lifetime : TimeSpan.FromMinutes(1));
    }

    private async Task DisarmReminder()
    {
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}

[GenerateSerializer, Alias("Stagecast.TusUploadState")]
public sealed class TusUploadState
{
    [Id(0)] public TusUploadInfo? Info { get; set; }
    [Id(1)] public long Offset { get; set; }
    [Id(2)] public List<string> Chunks { get; set; } = [];
    [Id(20)] public DateTimeOffset ExpiresAt { get; set; }
}
