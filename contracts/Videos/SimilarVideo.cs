namespace Stagecast.Contracts.Videos;

/// <summary>A neighbouring video and its weight (decayed count of viewers who engaged with both).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.SimilarVideo")]
public sealed record SimilarVideo(
    [property: Id(0)] string VideoId,
    [property: Id(1)] double Weight);
