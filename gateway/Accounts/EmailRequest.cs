namespace Stagecast.Gateway.Accounts;

/// <summary>Body of PUT /api/me/email.</summary>
public sealed record EmailRequest(string? Email);
