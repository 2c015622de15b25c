namespace Stagecast.Grains.Videos;

/// <summary>The similarity index's durable state: each listed video's content vector and its co-engagement neighbours.</summary>
[GenerateSerializer, Alias("Stagecast.VideoSimilarityState")]
public sealed record VideoSimilarityState
{
    [Id(0)] public Dictionary<string, VideoVector> Vectors { get; init; } = [];
    /// <summary>Per video, its neighbours' co-engagement weights (bounded by <see cref="SimilarityIndex.MaxNeighbours"/>).</summary>
    [Id(1)] public Dictionary<string, Dictionary<string, CoWeight>> Neighbours { get; init; } = [];
}
