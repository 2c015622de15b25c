using Stagecast.Contracts.Privacy;

namespace Stagecast.Grains.Privacy;

[GenerateSerializer, Alias("Stagecast.DataExportState")]
public sealed record DataExportState
{
    [Id(0)] public string? OwnerId { get; init; }
    [Id(1)] public DataExportStatus Status { get; init; }
    [Id(2)] public int Progress { get; init; }
    [Id(3)] public string? Step { get; init; }
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }
    [Id(5)] public TimeSpan Lifetime { get; init; }
    [Id(6)] public DateTimeOffset? ExpiresAt { get; init; }
    [Id(7)] public long Bytes { get; init; }
    [Id(8)] public string? StorageKey { get; init; }
    [Id(9)] public string? Error { get; init; }
    [Id(10)] public int Attempts { get; init; }
}
