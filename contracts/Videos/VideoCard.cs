namespace Stagecast.Contracts.Videos;

/// <summary>
/// What the catalog and the feed know of a video: identity, creator, topics and counters. <paramref name="Kind"/> is
/// <c>upload</c> or <c>replay</c> (a finished live); <paramref name="Visibility"/> is <c>public</c> or <c>subscribers</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoCard")]
public sealed record VideoCard(
    [property: Id(0)] string VideoId,
    [property: Id(1)] string OwnerId,
    [property: Id(2)] string OwnerDisplayName,
    [property: Id(3)] string Caption,
    [property: Id(4)] IReadOnlyList<string> Hashtags,
    [property: Id(5)] VideoStatus Status,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] long DurationMs,
    [property: Id(8)] VideoStats Stats,
    [property: Id(9)] string Kind = VideoKinds.Upload,
    [property: Id(10)] string Visibility = VideoVisibility.Public);
