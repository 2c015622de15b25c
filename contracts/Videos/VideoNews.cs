namespace Stagecast.Contracts.Videos;

/// <summary>Videos that became ready (newest last per shard), and where the reader is: pass <paramref name="Cursor"/> back.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoNews")]
public sealed record VideoNews(
    [property: Id(0)] string Cursor,
    [property: Id(1)] IReadOnlyList<VideoCard> Cards);
