namespace Stagecast.Contracts.Accounts;

/// <summary>What login needs: the stored password hash (PBKDF2 via ASP.NET Core's PasswordHasher).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.UserCredentials")]
public sealed record UserCredentials(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Username,
    [property: Id(2)] string PasswordHash);
