using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Feed;

/// <summary>
/// Pushes <c>feed {items}</c> over /hubs/live to the viewers connected to this gateway when something worth showing
/// happens: a followed creator goes live (<c>followed-live</c>), a followed creator's new video is ready
/// (<c>followed-new</c>), or the head of the viewer's feed changes materially (a new best video that was not in
/// the previous top three; items keep their ranking reason). Every gateway polls the room directory and the
/// catalog's news (one grain call each per 250 ms, whatever the audience), reads a creator's followers once per
/// event, and checks the feed head of its connected viewers every <c>Feed:HeadCheckSeconds</c>: fan-out per
/// gateway, not one grain call per follower per event. At most one push per second per viewer
/// (<see cref="FeedPushQueue"/>). Viewers who are not connected see it all in their next GET /api/feed.
/// </summary>
public sealed class FeedPushService(IGrainFactory grains, IHubContext<LiveHub> hub, LiveHubConnections connections,
    IConfiguration configuration, ILogger<FeedPushService> logger) : BackgroundService
{
    public const string EventName = "feed";
    public const int MaxFollowersRead = 1_000_000;
    private const int HeadSize = 3;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly FeedPushQueue _queue = new();
    private readonly Dictionary<string, List<string>> _heads = [];
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly TimeSpan _headEvery = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Feed:HeadCheckSeconds", 15)));
    private HashSet<string>? _known;
    private string _newsCursor = "";
    private DateTimeOffset _nextHeadCheck;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(Tick, () => Round(DateTimeOffset.UtcNow), logger, "Feed push", stoppingToken);

    private async Task Round(DateTimeOffset now)
    {
        var connected = connections.All.Select(c => c.UserIdentifier).OfType<string>().ToHashSet();
        await GoneLive(connected);
        await NewVideos(connected);
        if (now >= _nextHeadCheck)
        {
            _nextHeadCheck = now + _headEvery;
            await HeadChanges(connected);
        }
        foreach (var (users, items) in _queue.TakeDue(now))
        {
            await hub.Clients.Users(users).SendAsync(EventName, new { items });
        }
    }

    private async Task GoneLive(HashSet<string> connected)
    {
        var rooms = await grains.GetGrain<IRoomDirectoryGrain>("live").List();
        // Rooms live before this gateway started are not news.
        _known ??= rooms.Where(r => r.StartedAt < _started).Select(r => r.RoomId).ToHashSet();
        foreach (var room in rooms.Where(r => _known.Add(r.RoomId)))
        {
            await ToFollowers(room.HostId, connected, FeedItems.Live("", room, "followed-live"));
        }
        _known.IntersectWith(rooms.Select(r => r.RoomId));
    }

    private async Task NewVideos(HashSet<string> connected)
    {
        var news = await grains.GetGrain<IVideoCatalogGrain>(0).NewsSince(_newsCursor);
        _newsCursor = news.Cursor;
        foreach (var card in news.Cards)
        {
            await ToFollowers(card.OwnerId, connected, FeedItems.From("", new FeedEntry(card, null, "followed-new", 0)));
        }
    }

    private async Task ToFollowers(string creatorId, HashSet<string> connected, FeedItem item)
    {
        if (connected.Count == 0)
        {
            return;
        }
        foreach (var follower in await FollowPages.FollowersAsync(grains.GetGrain<IUserGrain>(creatorId), MaxFollowersRead))
        {
            if (connected.Contains(follower))
            {
                _queue.Add(follower, item);
            }
        }
    }

    // One grain call per connected viewer per check; the first look after connecting is the baseline.
    private async Task HeadChanges(HashSet<string> connected)
    {
        foreach (var gone in _heads.Keys.Where(u => !connected.Contains(u)).ToList())
        {
            _heads.Remove(gone);
        }
        foreach (var user in connected)
        {
            var head = await grains.GetGrain<IViewerFeedGrain>(user).Head(HeadSize);
            var ids = head.Select(e => e.Video!.VideoId).ToList();
            if (_heads.TryGetValue(user, out var before) && ids.Count > 0 && !before.Contains(ids[0]))
            {
                foreach (var entry in head)
                {
                    _queue.Add(user, FeedItems.From("", entry));
                }
            }
            _heads[user] = ids;
        }
    }
}
