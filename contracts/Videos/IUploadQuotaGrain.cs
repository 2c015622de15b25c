namespace Stagecast.Contracts.Videos;

/// <summary>
/// One user's upload quota, shared by every gateway (key: the user id): the uploads started in the last
/// <see cref="UploadQuotaLimits.Window"/> with their declared bytes, and the unfinished ones. The gateway passes its
/// configured limits with each call, so the grain holds the tally and the gateways the policy.
/// </summary>
[Alias("Stagecast.IUploadQuotaGrain")]
public interface IUploadQuotaGrain : IGrainWithStringKey
{
    /// <summary>Counts a new upload of <paramref name="bytes"/> declared bytes and holds an unfinished slot for it, or refuses it naming the limit it would pass; a repeated id is counted once.</summary>
    [Alias("Reserve")]
    Task<UploadQuotaDecision> Reserve(string uploadId, long bytes, bool resumable, UploadQuotaLimits limits);

    /// <summary>The upload finished, failed or was terminated: its unfinished slot is freed (its daily count stays); idempotent.</summary>
    [Alias("Release")]
    Task Release(string uploadId);

    /// <summary>What is used against the limits now, and when the oldest counted upload leaves the window.</summary>
    [Alias("Usage")]
    Task<UploadQuotaUsage> Usage(UploadQuotaLimits limits);

    /// <summary>The account was deleted: its tally (upload ids and times) goes with it.</summary>
    [Alias("Erase")]
    Task Erase();
}
