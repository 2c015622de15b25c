namespace Stagecast.Gateway.Accounts;

/// <summary>A short-lived access token and the one-time refresh token that renews it.</summary>
public sealed record SessionTokens(string Token, string RefreshToken);
