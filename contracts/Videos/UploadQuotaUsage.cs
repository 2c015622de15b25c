namespace Stagecast.Contracts.Videos;

/// <summary>
/// Uploads started and bytes declared in the last day, unfinished uploads now, and when the oldest counted upload
/// leaves the window (null when none is counted).
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.UploadQuotaUsage")]
public sealed record UploadQuotaUsage(
    [property: Id(0)] int Uploads,
    [property: Id(1)] long Bytes,
    [property: Id(2)] int Unfinished,
    [property: Id(3)] DateTimeOffset? NextFreeAt);
