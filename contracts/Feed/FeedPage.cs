namespace Stagecast.Contracts.Feed;

/// <summary>A page of the feed; <paramref name="Page"/> numbers pages since the viewer's last fresh load.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.FeedPage")]
public sealed record FeedPage(
    [property: Id(0)] IReadOnlyList<FeedEntry> Items,
    [property: Id(1)] int Page);
