namespace Stagecast.Gateway.Moderation;

/// <summary>An operator's decision on a report: action dismiss|delete_content|suspend|ban; hours for a suspension.</summary>
public sealed record ResolveRequest(string? Action, string? Reason, double? Hours);
