namespace Stagecast.Grains.Feed;

/// <summary>
/// The similarity source of the For You feed ("Feed" section): similar videos as candidates (caption words and
/// co-engagement, <see cref="Videos.IVideoSimilarityGrain"/>) and the two similarity features of the ranker. Off, the
/// feed ranks as it did before the source existed: no similar candidates, and both features read 0 (how the offline
/// evaluation measures what the source adds; docs/feed.md).
/// </summary>
public sealed class SimilarityOptions
{
    public const string Section = "Feed";

    public bool Similar { get; set; } = true;
}
