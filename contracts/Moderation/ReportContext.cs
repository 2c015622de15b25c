namespace Stagecast.Contracts.Moderation;

/// <summary>What the target looked like when it was reported: a title or name, its text, and for a comment its neighbours.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.ReportContext")]
public sealed record ReportContext(
    [property: Id(0)] string? Title,
    [property: Id(1)] string? Text,
    [property: Id(2)] IReadOnlyList<ReportContextLine> Neighbours);
