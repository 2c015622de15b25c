namespace Stagecast.Contracts.Moderation;

/// <summary>The answer to a filing: the report's id, and whether the reporter had already reported this target.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.ReportFiled")]
public sealed record ReportFiled([property: Id(0)] string ReportId, [property: Id(1)] bool Duplicate);
