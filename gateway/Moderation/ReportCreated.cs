namespace Stagecast.Gateway.Moderation;

/// <summary>The answer to a report; <see cref="Duplicate"/> when the caller had already reported this target.</summary>
public sealed record ReportCreated(string ReportId, bool Duplicate);
