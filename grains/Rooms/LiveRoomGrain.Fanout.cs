using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// Fan-out and presence. Each gateway with viewers holds a lease (its observer and local count, renewed every few
/// seconds). A timer collects the window's events into one batch and sends it once per gateway; likes and viewer
/// counts travel as their latest value only. The window widens with the audience, since each batch costs one
/// SignalR message per viewer.
/// </summary>
public sealed partial class LiveRoomGrain
{
    private const int TickMs = 25;
    private const string DirectoryKey = "live";
    private const int CounterIntervalMs = 250;

    private readonly Dictionary<string, GatewayLease> _leases = [];
    private readonly List<RoomComment> _comments = [];
    private readonly List<GiftEvent> _gifts = [];
    private readonly List<long> _deleted = [];
    private readonly List<ModerationNotice> _moderation = [];
    private bool _leaderboardChanged;
    private bool _ended;
    private bool _dirty;
    private long _sentLikes = -1;
    private int _sentViewers = -1;
    private int _listedViewers = -1;
    private long _lastFlush;
    private long _lastSave;
    private long _lastHousekeeping;
    private long _lastListing;
    private long _lastCounters;

    public Task<RoomStatus> ReportPresence(string gatewayId, IRoomObserver observer, int viewers)
    {
        if (S.Status is RoomStatus.Unknown or RoomStatus.Ended)
        {
            _leases.Remove(gatewayId);
            return Task.FromResult(S.Status);
        }
        if (viewers <= 0)
        {
            _leases.Remove(gatewayId);
        }
        else
        {
            _leases[gatewayId] = new GatewayLease(observer, viewers, NowMs + (long)RoomRules.PresenceLease.TotalMilliseconds);
        }
        return Task.FromResult(S.Status);
    }

    /// <summary>
    /// Milliseconds between batches: each batch is one SignalR message per viewer, so the window grows with the
    /// audience to keep a room near 20,000 messages a second in all (50 ms up to 1,000 viewers, 500 ms from 10,000).
    /// </summary>
    public static int BatchWindowMs(int viewers) => Math.Clamp(viewers / 20, 50, 500);

    private int ViewerCount()
    {
        var total = 0;
        foreach (var lease in _leases.Values)
        {
            total += lease.Viewers;
        }
        return total;
    }

    private async Task Tick(CancellationToken ct)
    {
        var now = NowMs;
        if (now - _lastHousekeeping >= 1000)
        {
            _lastHousekeeping = now;
            await Housekeeping(now);
        }
        if (now - _lastFlush >= BatchWindowMs(ViewerCount()))
        {
            Flush(now);
        }
        if (_dirty && now - _lastSave >= 2000)
        {
            _lastSave = now;
            _dirty = false;
            await state.WriteStateAsync(ct);
        }
    }

    private async Task Housekeeping(long now)
    {
        foreach (var expired in _leases.Where(l => l.Value.ExpiresAt <= now).Select(l => l.Key).ToList())
        {
            _leases.Remove(expired);
            logger.LogInformation("Room {RoomId}: gateway {GatewayId} lease expired", RoomId, expired);
        }
        foreach (var idle in _commentBuckets.Where(b => b.Value.IsIdle(now)).Select(b => b.Key).ToList())
        {
            _commentBuckets.Remove(idle);
        }
        foreach (var idle in _likeBuckets.Where(b => b.Value.IsIdle(now)).Select(b => b.Key).ToList())
        {
            _likeBuckets.Remove(idle);
        }
        if (S.SlowModeSeconds == 0)
        {
            _lastComment.Clear();
        }
        var viewers = ViewerCount();
        if (S.Status == RoomStatus.Live && viewers != _listedViewers && now - _lastListing >= 5000)
        {
            _lastListing = now;
            await PublishListing();
        }
    }

    private async Task PublishListing()
    {
        _listedViewers = ViewerCount();
        await grains.GetGrain<IRoomDirectoryGrain>(DirectoryKey).Upsert(
            new RoomListing(RoomId, S.Title, S.HostId, S.HostDisplayName, S.StartedAt ?? S.CreatedAt, _listedViewers));
    }

    private void Flush(long now)
    {
        _lastFlush = now;
        var viewers = ViewerCount();
        // Counters go out at most four times a second, whatever the batch window.
        var counters = _ended || now - _lastCounters >= CounterIntervalMs;
        long? likes = counters && S.Likes != _sentLikes ? S.Likes : null;
        int? viewerUpdate = counters && viewers != _sentViewers ? viewers : null;
        if (likes is not null || viewerUpdate is not null)
        {
            _lastCounters = now;
        }
        if (_comments.Count == 0 && _gifts.Count == 0 && _deleted.Count == 0 && _moderation.Count == 0
            && likes is null && viewerUpdate is null && !_leaderboardChanged && !_ended)
        {
            return;
        }
        var batch = new RoomBatch(
            RoomId, now, _comments.ToArray(), _gifts.ToArray(), _deleted.ToArray(), _moderation.ToArray(),
            likes, viewerUpdate, _leaderboardChanged ? TopGifters() : null, _ended);
        _comments.Clear();
        _gifts.Clear();
        _deleted.Clear();
        _moderation.Clear();
        _leaderboardChanged = false;
        _ended = false;
        if (counters)
        {
            _sentLikes = S.Likes;
            _sentViewers = viewers;
        }
        foreach (var (gatewayId, lease) in _leases)
        {
            try
            {
                _ = lease.Observer.OnBatch(batch);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Room {RoomId}: batch to gateway {GatewayId} failed", RoomId, gatewayId);
            }
        }
    }
}
