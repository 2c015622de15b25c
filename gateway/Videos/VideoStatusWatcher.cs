using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// Pushes <c>videoStatus {videoId, status, percent, failureReason}</c> over /hubs/live to uploaders connected to this
/// gateway while their videos are processed, whichever gateway took the upload: like the feed pushes, every gateway
/// reads a cluster-wide source (the catalog's unfinished videos and those finished in the last minute, one grain call
/// per half second whatever the audience) and pushes to its own connections. Each listed video whose owner is
/// connected here is polled (its grain, twice a second) until it is ready, failed or deleted, so the cost is per
/// in-flight upload of a connected uploader, not per viewer. A video that finished before this gateway saw it
/// unfinished (a short clip processed between two rounds, an uploader who reconnected after the end) still gets its
/// end pushed once per connection of its owner here.
/// </summary>
public sealed class VideoStatusWatcher(IGrainFactory grains, IHubContext<LiveHub> hub, LiveHubConnections connections,
    ILogger<VideoStatusWatcher> logger) : BackgroundService
{
    public const string EventName = "videoStatus";

    private readonly Dictionary<string, Watched> _videos = [];
    // Videos whose end was pushed here, with their owner: not picked up again while the catalog still lists them.
    private readonly Dictionary<string, string> _ended = [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(TimeSpan.FromMilliseconds(500), Round, logger, "Video status", stoppingToken);

    private async Task Round()
    {
        var connected = connections.All.Select(c => c.UserIdentifier).OfType<string>().ToHashSet();
        foreach (var gone in _videos.Where(v => !connected.Contains(v.Value.OwnerId)).Select(v => v.Key).ToList())
        {
            // The uploader left this gateway; the gateway they reconnect to picks the video up.
            _videos.Remove(gone);
        }
        foreach (var gone in _ended.Where(v => !connected.Contains(v.Value)).Select(v => v.Key).ToList())
        {
            // Gone, so a new connection of theirs (here again) is told the end.
            _ended.Remove(gone);
        }
        if (connected.Count == 0)
        {
            return;
        }
        var listed = await grains.GetGrain<IVideoCatalogGrain>(0).Unfinished();
        foreach (var card in listed)
        {
            if (connected.Contains(card.OwnerId) && !_ended.ContainsKey(card.VideoId))
            {
                _videos.TryAdd(card.VideoId, new Watched(card.OwnerId, "", -1));
            }
        }
        var stillListed = listed.Select(c => c.VideoId).ToHashSet();
        foreach (var forgotten in _ended.Keys.Where(id => !stillListed.Contains(id)).ToList())
        {
            _ended.Remove(forgotten);
        }
        foreach (var (videoId, watched) in _videos.ToList())
        {
            await Poll(videoId, watched);
        }
    }

    private async Task Poll(string videoId, Watched watched)
    {
        var info = await grains.GetGrain<IVideoGrain>(videoId).Get();
        var status = info is null ? "deleted" : VideoUrls.StatusName(info.Card.Status);
        var percent = info?.Percent ?? 0;
        if (status != watched.Status || percent != watched.Percent)
        {
            await hub.Clients.User(watched.OwnerId).SendAsync(EventName, new { videoId, status, percent, failureReason = info?.FailureReason });
            _videos[videoId] = watched with { Status = status, Percent = percent };
        }
        if (status is "ready" or "failed" or "deleted")
        {
            _videos.Remove(videoId);
            _ended[videoId] = watched.OwnerId;
        }
    }

    private sealed record Watched(string OwnerId, string Status, int Percent);
}
