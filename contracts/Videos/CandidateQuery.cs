namespace Stagecast.Contracts.Videos;

/// <summary>
/// What the feed asks the catalog for: videos of these creators and hashtags, plus trending (the region's, when given)
/// and fresh. <paramref name="AtMs"/> is the moment heat is measured at (0: now); the catalog's router sets it once so
/// every shard decays heat to the same instant.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.CandidateQuery")]
public sealed record CandidateQuery(
    [property: Id(0)] IReadOnlyList<string> Creators,
    [property: Id(1)] IReadOnlyList<string> Hashtags,
    [property: Id(2)] int PerPool,
    [property: Id(3)] string? Region = null,
    [property: Id(4)] long AtMs = 0);
