namespace Stagecast.Contracts.Videos;

/// <summary>Videos that became ready (newest last), and where the reader is: the catalog activation and its last number.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoNews")]
public sealed record VideoNews(
    [property: Id(0)] string Epoch,
    [property: Id(1)] long Last,
    [property: Id(2)] IReadOnlyList<VideoCard> Cards);
