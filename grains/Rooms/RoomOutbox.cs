using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// What viewers have not been sent yet: the window's comments, gifts, deletions and moderation notices, and whether
/// the leaderboard changed or the room ended. Likes and viewer counts travel as their latest value only, and at most
/// every <see cref="CounterIntervalMs"/> whatever the batch window.
/// </summary>
internal sealed class RoomOutbox(LargeRoomOptions? large = null)
{
    private readonly LargeRoomOptions _large = large ?? new();

    public const int CounterIntervalMs = 250;

    private readonly List<RoomComment> _comments = [];
    private readonly List<GiftEvent> _gifts = [];
    private readonly List<long> _deleted = [];
    private readonly List<ModerationNotice> _moderation = [];
    private readonly List<ViewerBlocksChange> _viewerBlocks = [];
    private Stagecast.Contracts.Matches.MatchView? _match;
    private bool _leaderboardChanged;
    private bool _ended;
    private RoomEndReason _endReason;
    private long _sentLikes = -1;
    private int _sentViewers = -1;
    private long _lastCounters;
    private long _lastLeaderboard = long.MinValue / 2;

    public void Add(RoomComment comment) => _comments.Add(comment);

    /// <summary>A gift also changes the leaderboard.</summary>
    public void Add(GiftEvent gift)
    {
        _gifts.Add(gift);
        _leaderboardChanged = true;
    }

    public void Deleted(long commentId) => _deleted.Add(commentId);

    /// <summary>The board changed without a gift (a deleted account's row renamed).</summary>
    public void LeaderboardChanged() => _leaderboardChanged = true;

    public void Add(ModerationNotice notice) => _moderation.Add(notice);

    public void Add(ViewerBlocksChange change) => _viewerBlocks.Add(change);

    public void Ended(RoomEndReason reason)
    {
        _ended = true;
        _endReason = reason;
    }

    /// <summary>The room's match as it is now; an older view not yet sent is replaced.</summary>
    public void Match(Stagecast.Contracts.Matches.MatchView match) => _match = match;

    /// <summary>A match view is waiting to be sent (the schedule sends it early: <see cref="RoomSchedule.MatchGapMs"/>).</summary>
    public bool HasMatch => _match is not null;

    /// <summary>
    /// The batch for this window, or null when there is nothing new; taking it empties the outbox.
    /// <paramref name="topGifters"/> is only asked for when the leaderboard changed.
    /// </summary>
    public RoomBatch? Take(string roomId, long nowMs, long likes, int viewers, Func<IReadOnlyList<TopGifter>> topGifters)
    {
        var counters = _ended || nowMs - _lastCounters >= CounterIntervalMs;
        long? likeUpdate = counters && likes != _sentLikes ? likes : null;
        int? viewerUpdate = counters && viewers != _sentViewers ? viewers : null;
        if (likeUpdate is not null || viewerUpdate is not null)
        {
            _lastCounters = nowMs;
        }
        // A large room's leaderboard goes out at most once a second (it changes with every gift); the end takes it along.
        var leaderboard = _leaderboardChanged && (_ended || nowMs - _lastLeaderboard >= _large.LeaderboardIntervalMs(viewers));
        if (_comments.Count == 0 && _gifts.Count == 0 && _deleted.Count == 0 && _moderation.Count == 0
            && likeUpdate is null && viewerUpdate is null && !leaderboard && !_ended && _match is null && _viewerBlocks.Count == 0)
        {
            return null;
        }
        var (gifts, moreGifts) = GiftCompaction.Compact(_gifts, _large.GiftEventLimit(viewers));
        var batch = new RoomBatch(
            roomId, nowMs, _comments.ToArray(), gifts, _deleted.ToArray(), _moderation.ToArray(),
            likeUpdate, viewerUpdate, leaderboard ? topGifters() : null, _ended)
        {
            Match = _match,
            EndReason = _ended ? _endReason : RoomEndReason.None,
            MoreGifts = moreGifts,
            ViewerBlocks = _viewerBlocks.Count == 0 ? null : _viewerBlocks.ToArray(),
        };
        if (leaderboard)
        {
            _lastLeaderboard = nowMs;
            _leaderboardChanged = false;
        }
        _match = null;
        _viewerBlocks.Clear();
        _comments.Clear();
        _gifts.Clear();
        _deleted.Clear();
        _moderation.Clear();
        _ended = false;
        if (counters)
        {
            _sentLikes = likes;
            _sentViewers = viewers;
        }
        return batch;
    }
}
