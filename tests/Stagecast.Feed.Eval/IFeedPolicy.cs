using Stagecast.Contracts.Videos;

namespace Stagecast.Feed.Eval;

/// <summary>Something that chooses feed pages: the real ranker through the grains, or a baseline.</summary>
public interface IFeedPolicy : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Cards to add or refresh (new videos, changed counters): the only view of the world a policy gets.</summary>
    Task PublishAsync(IReadOnlyList<VideoCard> cards);

    /// <summary>The next page of video ids for this user.</summary>
    Task<IReadOnlyList<string>> NextAsync(string userId, bool restart, int size);

    /// <summary>The engagement events a client would send for one item.</summary>
    Task ObserveAsync(string userId, VideoCard card, Reaction reaction);
}
