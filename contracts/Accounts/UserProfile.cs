namespace Stagecast.Contracts.Accounts;

/// <summary>A user's public profile as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Username,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string? AvatarUrl,
    [property: Id(4)] string? Bio,
    [property: Id(5)] int Followers,
    [property: Id(6)] int Following,
    [property: Id(7)] DateTimeOffset CreatedAt,
    // The user's country (ISO 3166-1 alpha-2), their feed region when the request has none; shown only to them.
    [property: Id(27)] string? Country = null);
