namespace Stagecast.Gateway.Moderation;

/// <summary>Platform-wide mute or suspension (hours), or ban of an account, with the reason for the audit log.</summary>
public sealed record RestrictRequest(string? Reason, double? Hours);
