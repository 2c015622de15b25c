namespace Stagecast.Contracts.Accounts;

/// <summary>A partial profile edit; null members are left as they are.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.ProfileUpdate")]
public sealed record ProfileUpdate(
    [property: Id(0)] string? DisplayName,
    [property: Id(1)] string? AvatarUrl,
    [property: Id(2)] string? Bio,
    [property: Id(23)] string? Country = null);
