namespace Stagecast.Gateway.Accounts;

/// <summary>A one-time token from a mail (verification).</summary>
public sealed record TokenRequest(string? Token);
