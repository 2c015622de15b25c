namespace Stagecast.Contracts.Videos;

/// <summary>
/// What the feed asks the similarity index: the viewer's recently engaged videos (oldest first) and their strongest
/// content interests (feature key to weight), for up to <paramref name="PerPool"/> videos from each source.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.SimilarityQuery")]
public sealed record SimilarityQuery(
    [property: Id(0)] IReadOnlyList<string> Recent,
    [property: Id(1)] IReadOnlyDictionary<string, double> Interests,
    [property: Id(2)] int PerPool);
