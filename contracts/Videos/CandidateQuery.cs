namespace Stagecast.Contracts.Videos;

/// <summary>
/// What the feed asks the catalog for: videos of these creators and hashtags, plus trending (the region's, when given),
/// fresh, and the cards of the similarity index's picks (<paramref name="Similar"/>). <paramref name="AtMs"/> is the
/// moment heat is measured at (0: now); the catalog's router sets it once so every shard decays heat to the same instant.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.CandidateQuery")]
public sealed record CandidateQuery(
    [property: Id(0)] IReadOnlyList<string> Creators,
    [property: Id(1)] IReadOnlyList<string> Hashtags,
    [property: Id(2)] int PerPool,
    [property: Id(3)] string? Region = null,
    [property: Id(4)] IReadOnlyList<string>? Similar = null,
    [property: Id(5)] long AtMs = 0);
