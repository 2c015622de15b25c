using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Feed;

/// <summary>
/// Pushes <c>feed {items}</c> over /hubs/live when a followed creator goes live. Every gateway watches the room
/// directory (one grain call per half second, whatever the audience), reads the new host's followers once per
/// go-live, and sends to the followers connected to it: fan-out per gateway, not one grain call per follower.
/// At most one push per second per viewer; what is held back goes in the next push. Viewers who are not
/// connected see the room first in their next GET /api/feed.
/// </summary>
public sealed class FeedPushService(IGrainFactory grains, IHubContext<LiveHub> hub, ILogger<FeedPushService> logger) : BackgroundService
{
    public const string EventName = "feed";
    public const int MaxFollowersRead = 1_000_000;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<string, List<RoomListing>> _pending = [];
    private readonly Dictionary<string, DateTimeOffset> _lastPush = [];
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private HashSet<string>? _known;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Round(DateTimeOffset.UtcNow);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                logger.LogDebug(e, "Feed push round skipped");
            }
        }
    }

    private async Task Round(DateTimeOffset now)
    {
        var rooms = await grains.GetGrain<IRoomDirectoryGrain>("live").List();
        if (_known is null)
        {
            // Rooms live before this gateway started are not news.
            _known = rooms.Where(r => r.StartedAt < _started).Select(r => r.RoomId).ToHashSet();
        }
        foreach (var room in rooms.Where(r => _known.Add(r.RoomId)))
        {
            // The user grain serves followers a page at a time (at most 500): read them all.
            foreach (var follower in await FollowPages.FollowersAsync(grains.GetGrain<IUserGrain>(room.HostId), MaxFollowersRead))
            {
                (_pending.TryGetValue(follower, out var list) ? list : _pending[follower] = []).Add(room);
            }
        }
        _known.IntersectWith(rooms.Select(r => r.RoomId));
        var due = _pending.Where(p => !_lastPush.TryGetValue(p.Key, out var last) || now - last >= TimeSpan.FromSeconds(1)).ToList();
        // One send per distinct payload: normally one room went live and all its followers get the same items.
        foreach (var group in due.GroupBy(p => string.Join(',', p.Value.Select(r => r.RoomId))))
        {
            var users = group.Select(p => p.Key).ToList();
            var items = group.First().Value.Select(r => FeedItems.Live("", r, "followed-live")).ToList();
            await hub.Clients.Users(users).SendAsync(EventName, new { items });
            foreach (var user in users)
            {
                _pending.Remove(user);
                _lastPush[user] = now;
            }
        }
        foreach (var stale in _lastPush.Where(p => now - p.Value > TimeSpan.FromSeconds(5)).Select(p => p.Key).ToList())
        {
            _lastPush.Remove(stale);
        }
    }
}
