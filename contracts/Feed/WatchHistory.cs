namespace Stagecast.Contracts.Feed;

/// <summary>A viewer's feed history: video ids already served, oldest first (bounded), and interest per "#hashtag" / "@creatorId".</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.WatchHistory")]
public sealed record WatchHistory(
    [property: Id(0)] IReadOnlyList<string> Seen,
    [property: Id(1)] IReadOnlyDictionary<string, double> Interests);
