namespace Stagecast.Grains.Rooms;

/// <summary>
/// When the room's timer does what: housekeeping once a second, a batch once per window, a state write at most every
/// two seconds, and a directory listing update at most every five seconds when the viewer count moved.
/// </summary>
internal sealed class RoomSchedule
{
    public const int TickMs = 25;
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(TickMs);
    private const int HousekeepingMs = 1000, SaveMs = 2000, ListingMs = 5000;

    private long _lastFlush;
    private long _lastSave;
    private long _lastHousekeeping;
    private long _lastListing;
    private int _listedViewers = -1;

    /// <summary>
    /// Milliseconds between batches: each batch is one SignalR message per viewer, so the window grows with the
    /// audience to keep a room near 20,000 messages a second in all (50 ms up to 1,000 viewers, 500 ms from 10,000).
    /// </summary>
    public static int BatchWindowMs(int viewers) => Math.Clamp(viewers / 20, 50, 500);

    public bool HousekeepingDue(long nowMs) => Due(ref _lastHousekeeping, nowMs, HousekeepingMs);

    /// <summary>
    /// The shortest gap before a batch goes out early for a LIVE Match score (the smallest batch window). A score
    /// arrives from the match grain about every <c>ScoreIntervalMs</c> (250; later when its timer runs late) at a phase
    /// of its own; waiting for the room's window on top of it added up to a whole window (250 ms from 5,000 viewers) to
    /// every score. A batch with a score waiting goes out at the next tick once this much has passed since the last one.
    /// </summary>
    public const int MatchGapMs = 50;

    /// <summary>How long after the last score a room counts as in step with its match (see <see cref="FlushDue"/>).</summary>
    public const int InStepMs = 1000;

    private long _lastScoreFlush = long.MinValue / 2;

    /// <summary>
    /// A score is waiting and <see cref="MatchGapMs"/> has passed, or the window has. While scores arrive (one sent in
    /// the last <see cref="InStepMs"/>) the window is half as long again, so the batches follow the scores: a score
    /// period a little longer than the window (the match timer's own time) would otherwise bring a window batch just
    /// before each score's batch, nearly two batches per score. So a score waits at most the gap, and a viewer gets no
    /// more batches a second than without a match.
    /// </summary>
    public bool FlushDue(long nowMs, int viewers, bool scoreWaiting = false)
    {
        var since = nowMs - _lastFlush;
        if (scoreWaiting)
        {
            return since >= MatchGapMs;
        }
        var window = BatchWindowMs(viewers);
        return since >= (nowMs - _lastScoreFlush < InStepMs ? window * 3 / 2 : window);
    }

    /// <summary>A batch went out now; <paramref name="withScore"/> when it carried a match score.</summary>
    public void Flushed(long nowMs, bool withScore = false)
    {
        _lastFlush = nowMs;
        if (withScore)
        {
            _lastScoreFlush = nowMs;
        }
    }

    /// <summary>True (and counted as saved) when the state is dirty and the last write was long enough ago.</summary>
    public bool SaveDue(long nowMs, bool dirty) => dirty && Due(ref _lastSave, nowMs, SaveMs);

    /// <summary>True (and counted as listed) when a live room's viewer count moved since the last listing.</summary>
    public bool ListingDue(long nowMs, bool live, int viewers) =>
        live && viewers != _listedViewers && Due(ref _lastListing, nowMs, ListingMs);

    public void Listed(int viewers) => _listedViewers = viewers;

    private static bool Due(ref long last, long nowMs, int intervalMs)
    {
        if (nowMs - last < intervalMs)
        {
            return false;
        }
        last = nowMs;
        return true;
    }
}
