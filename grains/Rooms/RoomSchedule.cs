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

    public bool FlushDue(long nowMs, int viewers) => nowMs - _lastFlush >= BatchWindowMs(viewers);

    public void Flushed(long nowMs) => _lastFlush = nowMs;

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
