using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// A user's upload quota across every gateway: uploads and declared bytes per rolling day, unfinished uploads at once.
/// A slot held by an unfinished upload is freed by <see cref="Release"/> when it completes, fails or is terminated; one
/// the release never reached (a gateway died in between) cannot leak: a resumable upload's slot lasts only as long as
/// its own <see cref="ITusUploadGrain"/> (asked when the slots are full), a plain POST's at most <see cref="PlainHold"/>.
/// </summary>
public sealed class UploadQuotaGrain(
    [PersistentState("uploadQuota", "store")] IPersistentState<UploadQuotaState> state,
    IGrainFactory grains,
    TimeProvider clock) : Grain, IUploadQuotaGrain
{
    /// <summary>A plain upload is one request; the staging sweep drops its file after an hour too.</summary>
    private static readonly TimeSpan PlainHold = TimeSpan.FromHours(1);
    /// <summary>The gateway creates a tus upload's grain just after reserving its slot: a younger one not found yet still counts.</summary>
    private static readonly TimeSpan CreationGrace = TimeSpan.FromMinutes(1);
    /// <summary>Unfinished uploads free their slots whenever they finish: worth asking again soon.</summary>
    private static readonly TimeSpan ConcurrentRetry = TimeSpan.FromSeconds(30);

    public async Task<UploadQuotaDecision> Reserve(string uploadId, long bytes, bool resumable, UploadQuotaLimits limits)
    {
        var now = clock.GetUtcNow();
        Forget(now);
        var started = state.State.Started;
        if (started.Exists(u => u.UploadId == uploadId))
        {
            return Decision(UploadQuotaLimit.None, 0, 0, TimeSpan.Zero);
        }
        if (started.Count >= limits.UploadsPerDay)
        {
            // Free again when enough of the oldest leave the window to go one below the limit.
            var leaving = started[started.Count - limits.UploadsPerDay];
            return Decision(UploadQuotaLimit.UploadsPerDay, limits.UploadsPerDay, started.Count, leaving.At + UploadQuotaLimits.Window - now);
        }
        var used = started.Sum(u => u.Bytes);
        if (used + bytes > limits.BytesPerDay)
        {
            return Decision(UploadQuotaLimit.BytesPerDay, limits.BytesPerDay, used, BytesFitAt(used + bytes - limits.BytesPerDay) - now);
        }
        if (state.State.Unfinished.Count >= limits.ConcurrentUploads)
        {
            await DropFinishedAsync(now);
        }
        if (state.State.Unfinished.Count >= limits.ConcurrentUploads)
        {
            return Decision(UploadQuotaLimit.ConcurrentUploads, limits.ConcurrentUploads, state.State.Unfinished.Count, ConcurrentRetry);
        }
        var upload = new CountedUpload(uploadId, now, bytes, resumable);
        state.State = state.State with { Started = started.Add(upload), Unfinished = state.State.Unfinished.Add(upload) };
        await state.WriteStateAsync();
        return Decision(UploadQuotaLimit.None, 0, 0, TimeSpan.Zero);
    }

    public async Task Release(string uploadId)
    {
        if (state.State.Unfinished.Find(u => u.UploadId == uploadId) is { } upload)
        {
            state.State = state.State with { Unfinished = state.State.Unfinished.Remove(upload) };
            await state.WriteStateAsync();
        }
    }

    public async Task<UploadQuotaUsage> Usage(UploadQuotaLimits limits)
    {
        var now = clock.GetUtcNow();
        Forget(now);
        if (state.State.Unfinished.Count >= limits.ConcurrentUploads)
        {
            await DropFinishedAsync(now);
        }
        return Current();
    }

    public async Task Erase()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>Drops, in memory, uploads past the window and plain uploads past their hold: recomputed alike after a reload.</summary>
    private void Forget(DateTimeOffset now) => state.State = state.State with
    {
        Started = state.State.Started.RemoveAll(u => u.At + UploadQuotaLimits.Window <= now),
        Unfinished = state.State.Unfinished.RemoveAll(u => !u.Resumable && u.At + PlainHold <= now),
    };

    /// <summary>
    /// Asks each unfinished resumable upload's own grain whether it still runs: gone (completed, terminated, swept) or
    /// past its expiry frees the slot. Only when the slots are full, so at most that many calls.
    /// </summary>
    private async Task DropFinishedAsync(DateTimeOffset now)
    {
        var finished = new List<CountedUpload>();
        foreach (var upload in state.State.Unfinished.Where(u => u.Resumable))
        {
            var status = await grains.GetGrain<ITusUploadGrain>(upload.UploadId).Get();
            var gone = status is null ? now - upload.At >= CreationGrace : status.ExpiresAt != default && status.ExpiresAt <= now;
            if (gone)
            {
                finished.Add(upload);
            }
        }
        if (finished.Count > 0)
        {
            state.State = state.State with { Unfinished = state.State.Unfinished.RemoveRange(finished) };
            await state.WriteStateAsync();
        }
    }

    /// <summary>When enough of the oldest uploads have left the window to free <paramref name="excess"/> bytes.</summary>
    private DateTimeOffset BytesFitAt(long excess)
    {
        long freed = 0;
        foreach (var upload in state.State.Started)
        {
            freed += upload.Bytes;
            if (freed >= excess)
            {
                return upload.At + UploadQuotaLimits.Window;
            }
        }
        // Larger than the whole budget (the gateway refuses such limits at start): a day is the honest answer.
        return clock.GetUtcNow() + UploadQuotaLimits.Window;
    }

    private UploadQuotaDecision Decision(UploadQuotaLimit exceeded, long limit, long used, TimeSpan retryAfter) =>
        new(exceeded, limit, used, retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.Zero, Current());

    private UploadQuotaUsage Current() => new(
        state.State.Started.Count,
        state.State.Started.Sum(u => u.Bytes),
        state.State.Unfinished.Count,
        state.State.Started.IsEmpty ? null : state.State.Started[0].At + UploadQuotaLimits.Window);
}
