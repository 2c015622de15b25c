using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// The <c>videoStatus</c> pushes in a cluster: the uploader's hub connection is on gateway B, the upload went through
/// gateway A (and the job ran on the silo); B still pushes the progress and the end (real SignalR client), also when
/// the video finished before B looked, and to an uploader who connects only after the end.
/// </summary>
public sealed class VideoStatusClusterTests
{
    private static readonly string[] Lifecycle = ["uploaded", "processing", "ready"];

    [Fact]
    public async Task The_uploader_connected_to_another_gateway_gets_the_processing_status_pushes()
    {
        await using var cluster = await VideoCluster.StartAsync("vstatus");
        var (_, token) = await cluster.A.RegisterAsync();
        var statuses = new ConcurrentQueue<JsonElement>();
        await using var onB = await VideoApi.ConnectHubAsync(cluster.B, token,
            h => h.On<JsonElement>("videoStatus", s => statuses.Enqueue(s.Clone())));

        var videoId = await VideoApi.UploadOkAsync(cluster.A, token, await SampleMedia.VideoAsync(640, 360), "through A #cluster");

        // The video is processed on the silo (the job's outcome, read through B) ...
        Assert.Equal("ready", (await VideoApi.WaitForStatusAsync(cluster.B, videoId, "ready")).GetProperty("status").GetString());
        // ... and B pushed its progress to the uploader's connection there: whatever B saw of it, in order, and the end.
        // (A short clip may be processed between two of B's rounds: then the end is all there is to push.)
        var seen = await Eventually.ValueAsync(() => Task.FromResult(statuses.Select(s => s.GetProperty("status").GetString()!).ToList()),
            s => s.Contains("ready"), "videoStatus ready pushed on gateway B", 30);
        Assert.Equal("ready", seen.Last());
        Assert.Equal(seen.OrderBy(s => Array.IndexOf(Lifecycle, s)), seen);
        Assert.All(statuses, s => Assert.Equal(videoId, s.GetProperty("videoId").GetString()));
        Assert.Equal(100, statuses.Last().GetProperty("percent").GetInt32());
    }

    [Fact]
    public async Task An_uploader_who_connects_after_the_video_finished_is_told_it_is_ready_once()
    {
        await using var cluster = await VideoCluster.StartAsync("vstatus-late");
        var (_, token) = await cluster.A.RegisterAsync();
        var videoId = await VideoApi.UploadOkAsync(cluster.A, token, await SampleMedia.VideoAsync(640, 360), "finished before the connection");
        await VideoApi.WaitForStatusAsync(cluster.B, videoId, "ready");

        // Like a reconnect behind the balancer after the processing ended: B never saw the video unfinished.
        var statuses = new ConcurrentQueue<JsonElement>();
        await using var onB = await VideoApi.ConnectHubAsync(cluster.B, token,
            h => h.On<JsonElement>("videoStatus", s => statuses.Enqueue(s.Clone())));
        var seen = await Eventually.ValueAsync(() => Task.FromResult(statuses.Select(s => s.GetProperty("status").GetString()!).ToList()),
            s => s.Count > 0, "videoStatus pushed on gateway B after the end", 30);
        Assert.Equal(["ready"], seen);
        Assert.Equal(videoId, statuses.Single().GetProperty("videoId").GetString());
        Assert.Equal(100, statuses.Single().GetProperty("percent").GetInt32());

        // Told once: the following rounds (two a second) do not repeat it.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(statuses);
    }
}
