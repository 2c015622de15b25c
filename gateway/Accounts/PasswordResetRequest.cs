namespace Stagecast.Gateway.Accounts;

/// <summary>Asks for a password-reset mail to the account's verified address.</summary>
public sealed record PasswordResetRequest(string? Username);
