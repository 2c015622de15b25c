namespace Stagecast.Contracts.Feed;

/// <summary>
/// A viewer's feed history: video ids already served, oldest first (bounded), interest per "#hashtag" / "~caption word" /
/// "@creatorId", and the videos they engaged with positively (the similar source's seeds), oldest first.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.WatchHistory")]
public sealed record WatchHistory(
    [property: Id(0)] IReadOnlyList<string> Seen,
    [property: Id(1)] IReadOnlyDictionary<string, double> Interests,
    [property: Id(2)] IReadOnlyList<string>? Engaged = null);
