namespace Stagecast.Contracts.Videos;

/// <summary>A video's engagement counters.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoStats")]
public sealed record VideoStats(
    [property: Id(0)] long Impressions,
    [property: Id(1)] long Views,
    [property: Id(2)] long WatchMs,
    [property: Id(3)] long Completions,
    [property: Id(4)] long Likes,
    [property: Id(5)] long Shares,
    [property: Id(6)] long Comments,
    [property: Id(7)] long Skips)
{
    public static readonly VideoStats Empty = new(0, 0, 0, 0, 0, 0, 0, 0);
}
