namespace Stagecast.Contracts.Privacy;

public enum DataExportStatus
{
    Unknown,
    Queued,
    Running,
    Ready,
    Failed,
    Expired,
}

/// <summary>An export job as its owner sees it: progress 0-100, and the archive's size and expiry once ready.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.DataExport")]
public sealed record DataExport(
    [property: Id(0)] string ExportId,
    [property: Id(1)] DataExportStatus Status,
    [property: Id(2)] int Progress,
    [property: Id(3)] string? Step,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] long Bytes,
    [property: Id(7)] string? StorageKey,
    [property: Id(8)] string? Error);
