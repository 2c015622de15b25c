using Stagecast.Contracts.Videos;

namespace Stagecast.Contracts.Feed;

/// <summary>
/// One viewer's For You feed (key: user id, or "anon-..." for an anonymous session): what they have seen and
/// their interest in hashtags and creators, learned online from their engagement events.
/// </summary>
[Alias("Stagecast.IViewerFeedGrain")]
public interface IViewerFeedGrain : IGrainWithStringKey
{
    /// <summary>The next page; <paramref name="restart"/> begins a new session (live rooms may show again).</summary>
    [Alias("Next")]
    Task<FeedPage> Next(bool restart, int size);

    /// <summary>The best unseen videos now, best first, without serving them (nothing is marked seen): the feed's head.</summary>
    [Alias("Head")]
    Task<IReadOnlyList<FeedEntry>> Head(int size);

    /// <summary>As <see cref="Next"/>, with trending from the viewer's region (<c>global</c> or null: everywhere).</summary>
    [Alias("NextIn")]
    Task<FeedPage> NextIn(bool restart, int size, string? region);

    /// <summary>Learns from one engagement event on a video.</summary>
    [Alias("Observe")]
    Task Observe(VideoCard video, VideoSignalKind kind, long? watchedMs);

    /// <summary>The viewer's strongest interests, for "why this video" and tests.</summary>
    [Alias("Interests")]
    Task<IReadOnlyDictionary<string, double>> Interests();

    /// <summary>What the viewer's feed holds on them: videos served (oldest first) and learned interests (privacy export).</summary>
    [Alias("History")]
    Task<WatchHistory> History();

    /// <summary>Erases the viewer's watch history and interests (account deletion).</summary>
    [Alias("Forget")]
    Task Forget();
}
