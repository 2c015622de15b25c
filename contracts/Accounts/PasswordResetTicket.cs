namespace Stagecast.Contracts.Accounts;

/// <summary>A reset to mail: the verified address and the one-time secret (only its hash is stored).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.PasswordResetTicket")]
public sealed record PasswordResetTicket([property: Id(0)] string Email, [property: Id(1)] string Secret);
