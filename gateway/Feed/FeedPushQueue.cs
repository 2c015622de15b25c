namespace Stagecast.Gateway.Feed;

/// <summary>
/// Feed items waiting to be pushed, per viewer, at most one push per second per viewer: what arrives in between
/// goes in the next push. Viewers with the same waiting items are sent one message together.
/// </summary>
public sealed class FeedPushQueue
{
    private static readonly TimeSpan MinGap = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, List<FeedItem>> _pending = [];
    private readonly Dictionary<string, DateTimeOffset> _lastPush = [];

    public int Waiting => _pending.Count;

    public void Add(string userId, FeedItem item)
    {
        var list = _pending.TryGetValue(userId, out var l) ? l : _pending[userId] = [];
        if (!list.Any(i => Key(i) == Key(item)))
        {
            list.Add(item);
        }
    }

    /// <summary>The pushes due now (viewers not pushed to in the last second), each removed from the queue.</summary>
    public List<(List<string> Users, List<FeedItem> Items)> TakeDue(DateTimeOffset now)
    {
        var due = _pending.Where(p => !_lastPush.TryGetValue(p.Key, out var last) || now - last >= MinGap).ToList();
        var pushes = due.GroupBy(p => string.Join(',', p.Value.Select(Key)))
            .Select(g => (g.Select(p => p.Key).ToList(), g.First().Value)).ToList();
        foreach (var (user, _) in due)
        {
            _pending.Remove(user);
            _lastPush[user] = now;
        }
        foreach (var stale in _lastPush.Where(p => now - p.Value > 5 * MinGap).Select(p => p.Key).ToList())
        {
            _lastPush.Remove(stale);
        }
        return pushes;
    }

    private static string Key(FeedItem item) => item.VideoId ?? "room:" + item.RoomId;
}
