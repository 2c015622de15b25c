using System.Collections.Immutable;

namespace Stagecast.Grains.Accounts;

/// <summary>One sign-in's chain of refresh tokens: only the hash of the current secret, and hashes of those already used.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.RefreshFamily")]
public sealed record RefreshFamily(
    [property: Id(0)] string CurrentHash,
    [property: Id(1)] ImmutableList<string> UsedHashes,
    [property: Id(2)] DateTimeOffset LastUsedAt);
