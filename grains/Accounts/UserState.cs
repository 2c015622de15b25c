using System.Collections.Immutable;

namespace Stagecast.Grains.Accounts;

[GenerateSerializer, Alias("Stagecast.UserState")]
public sealed record UserState
{
    [Id(0)] public string? Username { get; init; }
    [Id(1)] public string DisplayName { get; init; } = "";
    [Id(2)] public string? PasswordHash { get; init; }
    [Id(3)] public string? AvatarUrl { get; init; }
    [Id(4)] public string? Bio { get; init; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Oldest first; pages are served newest first.</summary>
    [Id(6)] public ImmutableList<string> Followers { get; init; } = [];
    [Id(7)] public ImmutableList<string> Following { get; init; } = [];
    /// <summary>Tokens carry this; bumping it revokes every session.</summary>
    [Id(8)] public int SessionVersion { get; init; }
    /// <summary>Refresh-token families by id (one per sign-in).</summary>
    [Id(9)] public ImmutableDictionary<string, RefreshFamily> RefreshFamilies { get; init; } = ImmutableDictionary<string, RefreshFamily>.Empty;
    /// <summary>ISO 3166-1 alpha-2, upper case, or null.</summary>
    [Id(29)] public string? Country { get; init; }
}
