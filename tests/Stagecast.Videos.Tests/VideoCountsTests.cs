using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// The feed's live counts over the hub, with real SignalR clients: a viewer (anonymous too) names the video on screen
/// (<c>WatchVideo</c>), gets its like and comment counts, then <c>videoCounts</c> on each change made by others, and
/// no more of that video's changes once they look at another.
/// </summary>
public sealed class VideoCountsTests
{
    private static (string VideoId, long Likes, long Comments) Counts(JsonElement e) =>
        (e.GetProperty("videoId").GetString()!, e.GetProperty("likes").GetInt64(), e.GetProperty("comments").GetInt64());

    [Fact]
    public async Task Others_likes_and_comments_reach_the_viewers_of_a_video_live_until_they_look_away()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?> { ["Videos:CountsPushMilliseconds"] = "200" });
        var (_, creator) = await host.RegisterAsync();
        var (_, fan) = await host.RegisterAsync();
        var a = await VideoApi.UploadOkAsync(host, creator, await SampleMedia.VideoAsync(320, 180, 1), "first #counts");
        var b = await VideoApi.UploadOkAsync(host, creator, await SampleMedia.VideoAsync(320, 180, 1), "second #counts");
        await VideoApi.WaitForStatusAsync(host, a, "ready");
        await VideoApi.WaitForStatusAsync(host, b, "ready");

        var seen = new ConcurrentQueue<JsonElement>();
        var witnessed = new ConcurrentQueue<JsonElement>();
        await using var viewer = await VideoApi.ConnectHubAsync(host, null, h => h.On<JsonElement>("videoCounts", seen.Enqueue));
        await using var witness = await VideoApi.ConnectHubAsync(host, creator, h => h.On<JsonElement>("videoCounts", witnessed.Enqueue));
        Assert.Equal((a, 0L, 0L), Counts(await viewer.InvokeAsync<JsonElement>("WatchVideo", a)));
        await witness.InvokeAsync<JsonElement>("WatchVideo", a);

        // A fan likes and comments over HTTP: the anonymous viewer's page hears each change.
        using var client = host.CreateClient(fan);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/api/videos/{a}/like", null)).StatusCode);
        await Eventually.ValueAsync(() => Task.FromResult(seen.Select(Counts).ToList()), l => l.Contains((a, 1L, 0L)), "the like pushed", 30);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/videos/{a}/comments", new { text = "so good" })).StatusCode);
        await Eventually.ValueAsync(() => Task.FromResult(seen.Select(Counts).ToList()), l => l.Contains((a, 1L, 1L)), "the comment pushed", 30);
        // Each change is pushed once: nothing was sent between the two but the like's counts.
        Assert.Equal([(a, 1L, 0L), (a, 1L, 1L)], seen.Select(Counts));

        var unknown = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<JsonElement>("WatchVideo", "vnope"));
        Assert.Contains("unknown_video", unknown.Message, StringComparison.Ordinal);

        // The viewer scrolls to b: a's next change reaches the witness, who still watches a, and not the viewer.
        Assert.Equal((b, 0L, 0L), Counts(await viewer.InvokeAsync<JsonElement>("WatchVideo", b)));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/videos/{a}/like")).StatusCode);
        await Eventually.ValueAsync(() => Task.FromResult(witnessed.Select(Counts).ToList()), l => l.Contains((a, 0L, 1L)), "a's unlike pushed to its watcher", 30);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/api/videos/{b}/like", null)).StatusCode);
        await Eventually.ValueAsync(() => Task.FromResult(seen.Select(Counts).ToList()), l => l.Contains((b, 1L, 0L)), "b's like pushed", 30);
        Assert.DoesNotContain(seen.Select(Counts), c => c.VideoId == a && c.Likes == 0);

        // Looking at nothing (a live item, say) answers null.
        Assert.Null(await viewer.InvokeAsync<object?>("WatchVideo", (string?)null));
    }
}
