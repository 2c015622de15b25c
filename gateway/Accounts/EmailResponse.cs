namespace Stagecast.Gateway.Accounts;

/// <summary>The caller's email address and whether it is verified.</summary>
public sealed record EmailResponse(string Email, bool Verified);
