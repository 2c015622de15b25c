using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// Pushes <c>videoStatus {videoId, status, percent, failureReason}</c> over /hubs/live to uploaders connected to this
/// gateway while their videos are processed, whichever gateway took the upload: like the feed pushes, every gateway
/// reads a cluster-wide source (the catalog's unfinished videos, one grain call per half second whatever the
/// audience) and pushes to its own connections. Each unfinished video whose owner is connected here is polled
/// (its grain, twice a second) until it is ready, failed or deleted, so the cost is per in-flight upload of a
/// connected uploader, not per viewer.
/// </summary>
public sealed class VideoStatusWatcher(IGrainFactory grains, IHubContext<LiveHub> hub, LiveHubConnections connections,
    ILogger<VideoStatusWatcher> logger) : BackgroundService
{
    public const string EventName = "videoStatus";

    private readonly Dictionary<string, Watched> _videos = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Round();
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or HubException)
            {
                logger.LogDebug(e, "Video status round skipped");
            }
        }
    }

    private async Task Round()
    {
        var connected = connections.All.Select(c => c.UserIdentifier).OfType<string>().ToHashSet();
        foreach (var gone in _videos.Where(v => !connected.Contains(v.Value.OwnerId)).Select(v => v.Key).ToList())
        {
            // The uploader left this gateway; the gateway they reconnect to picks the video up.
            _videos.Remove(gone);
        }
        if (connected.Count == 0)
        {
            return;
        }
        foreach (var card in await grains.GetGrain<IVideoCatalogGrain>(0).Unfinished())
        {
            if (connected.Contains(card.OwnerId))
            {
                _videos.TryAdd(card.VideoId, new Watched(card.OwnerId, "", -1));
            }
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
            // The catalog hears of the end before the video grain does, so the next read no longer lists it.
            _videos.Remove(videoId);
        }
    }

    private sealed record Watched(string OwnerId, string Status, int Percent);
}
