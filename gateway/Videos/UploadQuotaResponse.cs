namespace Stagecast.Gateway.Videos;

/// <summary>
/// GET /api/me/upload-quota: the caller's limits and what is used of each (uploads and declared bytes in the last 24
/// hours, unfinished uploads now), and when the oldest counted upload leaves the window (null when none is counted).
/// </summary>
public sealed record UploadQuotaResponse(
    int UploadsPerDay,
    int UploadsUsed,
    long BytesPerDay,
    long BytesUsed,
    int ConcurrentUploads,
    int UnfinishedUploads,
    DateTimeOffset? NextFreeAt);
