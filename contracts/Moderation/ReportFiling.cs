namespace Stagecast.Contracts.Moderation;

/// <summary>A new report; <see cref="TargetUserId"/> is the account responsible for the target (the author, the host, the owner).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.ReportFiling")]
public sealed record ReportFiling(
    [property: Id(0)] string ReporterId,
    [property: Id(1)] ReportTargetType TargetType,
    [property: Id(2)] string TargetId,
    [property: Id(3)] string? TargetUserId,
    [property: Id(4)] string Reason,
    [property: Id(5)] ReportContext Context);
