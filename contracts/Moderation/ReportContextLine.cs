namespace Stagecast.Contracts.Moderation;

/// <summary>One comment around a reported comment; <see cref="IsReported"/> marks the reported one.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.ReportContextLine")]
public sealed record ReportContextLine(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Text,
    [property: Id(3)] bool IsReported);
