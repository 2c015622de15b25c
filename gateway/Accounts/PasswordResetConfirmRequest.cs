namespace Stagecast.Gateway.Accounts;

/// <summary>Sets a new password with the token from the reset mail.</summary>
public sealed record PasswordResetConfirmRequest(string? Token, string? NewPassword);
