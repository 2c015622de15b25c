namespace Stagecast.Contracts.Accounts;

/// <summary>A refresh token's family, its new one-time secret, and what the access token issued with it carries.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.RefreshGrant")]
public sealed record RefreshGrant(
    [property: Id(0)] string FamilyId,
    [property: Id(1)] string Secret,
    [property: Id(2)] int SessionVersion,
    [property: Id(3)] string Username);
