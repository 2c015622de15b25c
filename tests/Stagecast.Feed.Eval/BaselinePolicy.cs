using Stagecast.Contracts.Videos;

namespace Stagecast.Feed.Eval;

/// <summary>
/// Baselines over the same published cards: "popularity" (most engagement so far, weighted as trending weighs
/// it, not decayed) and "random"; both skip what the user was already shown.
/// </summary>
public sealed class BaselinePolicy(string name, bool popular, int seed) : IFeedPolicy
{
    private readonly Dictionary<string, VideoCard> _cards = [];
    private readonly Dictionary<string, HashSet<string>> _seen = [];
    private readonly Random _random = new(seed);

    public string Name => name;

    public Task PublishAsync(IReadOnlyList<VideoCard> cards)
    {
        foreach (var card in cards)
        {
            _cards[card.VideoId] = card;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> NextAsync(string userId, bool restart, int size)
    {
        var seen = Seen(userId);
        var unseen = _cards.Values.Where(c => !seen.Contains(c.VideoId));
        var page = (popular
            ? unseen.OrderByDescending(c => Weight(c.Stats)).ThenBy(c => c.VideoId, StringComparer.Ordinal).Take(size)
            : unseen.OrderBy(_ => _random.Next()).Take(size)).Select(c => c.VideoId).ToList();
        seen.UnionWith(page);
        return Task.FromResult<IReadOnlyList<string>>(page);
    }

    public Task ObserveAsync(string userId, VideoCard card, Reaction reaction) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static double Weight(VideoStats s) => s.Views + 2.0 * s.Completions + 3.0 * s.Likes + 4.0 * s.Comments + 5.0 * s.Shares;

    private HashSet<string> Seen(string userId)
    {
        if (!_seen.TryGetValue(userId, out var seen))
        {
            _seen[userId] = seen = [];
        }
        return seen;
    }
}
