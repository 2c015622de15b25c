using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// The <c>videoStatus</c> pushes in a cluster: the uploader's hub connection is on gateway B, the upload went through
/// gateway A (and the job ran on the silo); B still pushes uploaded/processing and ready (real SignalR client).
/// </summary>
public sealed class VideoStatusClusterTests
{
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
        // ... and B pushed its progress to the uploader's connection there.
        var seen = await Eventually.ValueAsync(() => Task.FromResult(statuses.Select(s => s.GetProperty("status").GetString()).ToList()),
            s => s.Contains("ready"), "videoStatus ready pushed on gateway B", 30);
        Assert.Equal("ready", seen.Last());
        Assert.Contains(seen, s => s is "uploaded" or "processing");
        Assert.All(statuses, s => Assert.Equal(videoId, s.GetProperty("videoId").GetString()));
        Assert.Equal(100, statuses.Last().GetProperty("percent").GetInt32());
    }
}
