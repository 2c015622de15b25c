namespace Stagecast.Contracts.Moderation;

/// <summary>One operator action: who, when, what, on what, and why.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string OperatorId,
    [property: Id(2)] string Action,
    [property: Id(3)] string TargetType,
    [property: Id(4)] string TargetId,
    [property: Id(5)] string Reason,
    [property: Id(6)] string? ReportId = null);
