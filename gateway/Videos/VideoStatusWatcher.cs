using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// Pushes <c>videoStatus {videoId, status, percent, failureReason}</c> to the uploader over /hubs/live while
/// the videos uploaded through this gateway are processed: polls each one's grain twice a second until it
/// is ready or failed. Only in-flight uploads are watched, so the cost is per upload, not per viewer.
/// </summary>
public sealed class VideoStatusWatcher(IGrainFactory grains, IHubContext<LiveHub> hub, ILogger<VideoStatusWatcher> logger) : BackgroundService
{
    public const string EventName = "videoStatus";

    private readonly ConcurrentDictionary<string, Watched> _videos = new();

    public void Track(string videoId, string ownerId) => _videos[videoId] = new Watched(ownerId, "", -1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (videoId, watched) in _videos)
            {
                try
                {
                    await Poll(videoId, watched);
                }
                catch (Exception e) when (e is TimeoutException or OrleansException or HubException)
                {
                    logger.LogDebug(e, "Status of {VideoId} not pushed this round", videoId);
                }
            }
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
            _videos.TryRemove(videoId, out _);
        }
    }

    private sealed record Watched(string OwnerId, string Status, int Percent);
}
