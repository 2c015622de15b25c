using Stagecast.Contracts.Moderation;

namespace Stagecast.Gateway.Moderation;

/// <summary>A report in the operators' queue, as JSON (types and statuses as lower-case words).</summary>
public sealed record ReportPayload(
    string ReportId,
    string ReporterId,
    string TargetType,
    string TargetId,
    string? TargetUserId,
    string Reason,
    ReportContext Context,
    DateTimeOffset CreatedAt,
    string Status,
    string? Resolution,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt)
{
    public static ReportPayload From(PlatformReport r) => new(r.ReportId, r.ReporterId, Word(r.TargetType), r.TargetId, r.TargetUserId,
        r.Reason, r.Context, r.CreatedAt, Word(r.Status), r.Resolution, r.ResolvedBy, r.ResolvedAt);

    /// <summary>An enum value as the API spells it: snake case ("video_comment").</summary>
    public static string Word<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
