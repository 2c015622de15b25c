namespace Stagecast.Contracts.Videos;

/// <summary>Candidate videos by source (similar: the ready ones among the query's picks), each with its trending heat (decayed engagement).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.CandidatePools")]
public sealed record CandidatePools(
    [property: Id(0)] IReadOnlyList<VideoCard> Followed,
    [property: Id(1)] IReadOnlyList<VideoCard> Trending,
    [property: Id(2)] IReadOnlyList<VideoCard> Interest,
    [property: Id(3)] IReadOnlyList<VideoCard> Fresh,
    [property: Id(4)] IReadOnlyDictionary<string, double> Heat,
    [property: Id(5)] IReadOnlyList<VideoCard>? Similar = null);
