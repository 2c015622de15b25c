namespace Stagecast.Gateway.Moderation;

/// <summary>An operator's decision on a report: action dismiss|delete_content|mute|suspend|ban; hours for a mute or a suspension.</summary>
public sealed record ResolveRequest(string? Action, string? Reason, double? Hours);
