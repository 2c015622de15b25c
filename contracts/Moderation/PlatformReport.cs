namespace Stagecast.Contracts.Moderation;

/// <summary>A report as the operators' queue shows it.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.PlatformReport")]
public sealed record PlatformReport(
    [property: Id(0)] string ReportId,
    [property: Id(1)] string ReporterId,
    [property: Id(2)] ReportTargetType TargetType,
    [property: Id(3)] string TargetId,
    [property: Id(4)] string? TargetUserId,
    [property: Id(5)] string Reason,
    [property: Id(6)] ReportContext Context,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] ReportStatus Status,
    [property: Id(9)] string? Resolution = null,
    [property: Id(10)] string? ResolvedBy = null,
    [property: Id(11)] DateTimeOffset? ResolvedAt = null);
