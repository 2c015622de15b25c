using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// Live like and comment counts for the video on a feed viewer's screen. A hub connection names the video it shows
/// (<c>WatchVideo(videoId)</c>, at most one at a time, null for none; anonymous viewers too) and gets its counts back;
/// then, while it watches, <c>videoCounts {videoId, likes, comments}</c> whenever they change. Every
/// <c>Videos:CountsPushMilliseconds</c> (1,000) each gateway reads each video watched on it once (one grain call per
/// watched video per gateway, whatever its audience) and sends a change to the SignalR group of its watchers here:
/// fan-out per gateway, as for the feed pushes.
/// </summary>
public sealed class VideoCountsPush(IGrainFactory grains, IHubContext<LiveHub> hub, IConfiguration configuration,
    ILogger<VideoCountsPush> logger) : BackgroundService
{
    public const string EventName = "videoCounts";

    private readonly ConcurrentDictionary<string, string> _watching = new();
    // The counts last sent (or answered) per watched video.
    private readonly ConcurrentDictionary<string, VideoCountsPayload> _last = new();
    private readonly TimeSpan _every = TimeSpan.FromMilliseconds(Math.Max(100, configuration.GetValue("Videos:CountsPushMilliseconds", 1000)));

    private static string Group(string videoId) => "video:" + videoId;

    /// <summary>The connection now shows <paramref name="videoId"/> (null: none); its counts, or a typed unknown_video.</summary>
    public async Task<VideoCountsPayload?> WatchAsync(string connectionId, string? videoId)
    {
        var counts = videoId is null ? null : await ReadAsync(videoId) ?? throw UnknownVideo();
        if (_watching.TryGetValue(connectionId, out var before) && before != videoId)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, Group(before));
        }
        if (videoId is null)
        {
            _watching.TryRemove(connectionId, out _);
            return null;
        }
        await hub.Groups.AddToGroupAsync(connectionId, Group(videoId));
        _watching[connectionId] = videoId;
        _last.TryAdd(videoId, counts!);
        return counts;
    }

    /// <summary>The connection closed (SignalR drops its groups itself).</summary>
    public void Disconnected(string connectionId) => _watching.TryRemove(connectionId, out _);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(_every, Round, logger, "Video counts", stoppingToken);

    private async Task Round()
    {
        var watched = _watching.Values.ToHashSet();
        foreach (var unwatched in _last.Keys.Where(id => !watched.Contains(id)))
        {
            _last.TryRemove(unwatched, out _);
        }
        await Task.WhenAll(watched.Select(async videoId =>
        {
            // A deleted video keeps its last counts; the viewer's page finds it gone when it plays.
            if (await ReadAsync(videoId) is { } counts && (!_last.TryGetValue(videoId, out var sent) || sent != counts))
            {
                _last[videoId] = counts;
                await hub.Clients.Group(Group(videoId)).SendAsync(EventName, counts);
            }
        }));
    }

    private async Task<VideoCountsPayload?> ReadAsync(string videoId) =>
        await grains.ReadVideoAsync(videoId, video => video.Get()) is { Card.Stats: var stats }
            ? new VideoCountsPayload(videoId, stats.Likes, stats.Comments)
            : null;

    private static HubException UnknownVideo() => HubErrors.Error("unknown_video", "No such video.");
}
