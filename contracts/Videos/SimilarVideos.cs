namespace Stagecast.Contracts.Videos;

/// <summary>
/// The similarity index's answer: co-engagement score per neighbour of the viewer's recent videos, and the videos
/// nearest the viewer's interest vector, best first.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.SimilarVideos")]
public sealed record SimilarVideos(
    [property: Id(0)] IReadOnlyDictionary<string, double> CoEngagement,
    [property: Id(1)] IReadOnlyList<string> Nearest)
{
    public static readonly SimilarVideos None = new(new Dictionary<string, double>(), []);
}
