namespace Stagecast.Gateway.Moderation;

/// <summary>POST /api/reports: targetType user|comment|room|video; a comment's targetId is "{roomId}:{commentId}".</summary>
public sealed record ReportRequest(string? TargetType, string? TargetId, string? Reason);
