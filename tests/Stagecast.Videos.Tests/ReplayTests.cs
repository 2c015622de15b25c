using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// Finished lives become replay videos: ffmpeg publishes over RTMP, the host ends the room, the gateway restarts
/// before the replay is made, and the next one makes exactly one replay that plays, is listed and is in the feed.
/// </summary>
public sealed class ReplayTests
{
    [Fact]
    public async Task A_finished_live_becomes_one_replay_video_even_across_a_gateway_restart()
    {
        using var data = new TempDirectory("stagecast-replay");
        var settings = new Dictionary<string, string?>
        {
            ["Stagecast:SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:GatewayPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
            // The first gateway never publishes replays: it stops between the end of the live and the replay.
            ["Replays:Enabled"] = "false",
        };
        OpenedRoom room;
        string viewerToken;
        await using (var first = await GatewayHost.StartEmbeddedAsync(data.Path, settings))
        {
            room = await first.OpenRoomAsync("Sunset session #Travel", start: false);
            (_, viewerToken) = await first.RegisterAsync();
            using var host = first.CreateClient(room.HostToken);
            using var viewer = first.CreateClient(viewerToken);
            var subscribersOnly = new { visibility = "subscribers" };
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"/api/live/{room.RoomId}/replay", subscribersOnly)).StatusCode);
            await VideoApi.IsProblemAsync(await host.PutAsJsonAsync($"/api/live/{room.RoomId}/replay", new { visibility = "friends" }), HttpStatusCode.BadRequest, "invalid_visibility");
            Assert.Equal(HttpStatusCode.NoContent, (await host.PutAsJsonAsync($"/api/live/{room.RoomId}/replay", subscribersOnly)).StatusCode);

            Assert.Equal(0, await PublishAsync($"{room.RtmpUrl}/{room.StreamKey}", seconds: 6));
            (await host.DeleteAsync($"/api/live/{room.RoomId}")).EnsureSuccessStatusCode();
            await Eventually.ValueAsync(() => Task.FromResult(RecordedSessions(data.Path, room.RoomId).Count(s => File.Exists(Path.Combine(s, "replay.m3u8")))),
                n => n == 1, "the recording is finished");
        }

        settings["Replays:Enabled"] = "true";
        settings["Replays:ScanInterval"] = "00:00:00.5";
        settings["Stagecast:Rtmp:BindAnyPort"] = "false";
        await using var second = await GatewayHost.StartEmbeddedAsync(data.Path, settings);
        using var anonymous = second.CreateClient();
        var listed = await Eventually.ValueAsync(
            async () => await anonymous.GetFromJsonAsync<JsonElement>($"/api/users/{room.HostId}/videos"),
            v => v.GetArrayLength() > 0, "the replay is listed on the host's profile");
        var videoId = listed[0].GetProperty("videoId").GetString()!;
        var video = await VideoApi.WaitForStatusAsync(second, videoId, "ready");
        Assert.Equal("ready", video.GetProperty("status").GetString());
        Assert.Equal("replay", video.GetProperty("kind").GetString());
        Assert.Equal("subscribers", video.GetProperty("visibility").GetString());
        Assert.Equal(room.HostId, video.GetProperty("ownerId").GetString());
        Assert.Equal("Sunset session #Travel", video.GetProperty("caption").GetString());
        Assert.Equal(["travel"], video.GetProperty("hashtags").EnumerateArray().Select(h => h.GetString()));
        Assert.InRange(video.GetProperty("durationMs").GetInt64(), 4_000, 8_000);
        Assert.Equal(ReplayPublisher.VideoIdFor(room.RoomId, Path.GetFileName(RecordedSessions(data.Path, room.RoomId).Single())), videoId);

        // Listed and thumbnailed for everybody, played only by the host (and subscribers: see SubscribersOnlyTests).
        var thumb = await anonymous.GetAsync(video.GetProperty("thumbnailUrl").GetString());
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType?.MediaType);
        var hlsUrl = video.GetProperty("hlsUrl").GetString()!;
        await VideoApi.IsProblemAsync(await anonymous.GetAsync(hlsUrl), HttpStatusCode.Forbidden, "subscribers_only");
        await VideoApi.IsProblemAsync(await second.CreateClient(viewerToken).GetAsync(hlsUrl), HttpStatusCode.Forbidden, "subscribers_only");
        var probe = await ProbeAsync(hlsUrl, room.HostToken);
        var streams = probe.GetProperty("streams").EnumerateArray().ToList();
        Assert.Contains(streams, s => s.GetProperty("codec_name").GetString() == "h264");
        Assert.Contains(streams, s => s.GetProperty("codec_name").GetString() == "aac");
        Assert.InRange(double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture), 4, 8.5);

        // In the feed like an upload.
        var feed = await anonymous.GetFromJsonAsync<JsonElement>("/api/feed?size=10");
        var item = feed.GetProperty("items").EnumerateArray().Single(i => i.TryGetProperty("videoId", out var id) && id.GetString() == videoId);
        Assert.Equal("replay", item.GetProperty("videoKind").GetString());

        // Run again (marker present, then marker lost as if the process died before writing it): still one replay.
        var publisher = second.Services.GetRequiredService<ReplayPublisher>();
        Assert.Equal(0, await publisher.ScanAsync(CancellationToken.None));
        File.Delete(Path.Combine(RecordedSessions(data.Path, room.RoomId).Single(), ReplayPublisher.Marker));
        Assert.Equal(1, await publisher.ScanAsync(CancellationToken.None));
        Assert.Equal(1, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/users/{room.HostId}/videos")).GetArrayLength());
        Assert.Equal("ready", (await VideoApi.WaitForStatusAsync(second, videoId, "ready")).GetProperty("status").GetString());
    }

    /// <summary>
    /// A live the platform took down (a report upheld, the host restricted) was published as a replay video like
    /// any other, listed on the profile and in the feed, and its recording was served at replay/index.m3u8.
    /// </summary>
    [Fact]
    public async Task A_live_the_platform_took_down_becomes_no_replay_and_its_recording_is_not_served()
    {
        using var data = new TempDirectory("stagecast-replay-removed");
        await using var gateway = await GatewayHost.StartEmbeddedAsync(data.Path, new Dictionary<string, string?>
        {
            ["Stagecast:SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:GatewayPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
            ["Replays:Enabled"] = "false", // the test runs the scan itself
        });
        var room = await gateway.OpenRoomAsync("A live that gets removed", start: false);
        Assert.Equal(0, await PublishAsync($"{room.RtmpUrl}/{room.StreamKey}", seconds: 6));
        await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ILiveRoomGrain>(room.RoomId).TakeDown();
        var session = await Eventually.ValueAsync(
            () => Task.FromResult(RecordedSessions(data.Path, room.RoomId).SingleOrDefault(s => File.Exists(Path.Combine(s, "replay.m3u8")))),
            s => s is not null, "the recording is finished");

        using var anonymous = gateway.CreateClient();
        await VideoApi.IsProblemAsync(await anonymous.GetAsync($"/hls/{room.RoomId}/replay/index.m3u8"), HttpStatusCode.NotFound, "hls_not_found");
        var publisher = gateway.Services.GetRequiredService<ReplayPublisher>();
        Assert.Equal(1, await publisher.ScanAsync(CancellationToken.None)); // handled once: marked, no video
        Assert.Equal(0, await publisher.ScanAsync(CancellationToken.None));
        Assert.Equal(0, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/users/{room.HostId}/videos")).GetArrayLength());
        Assert.Contains("removed", await File.ReadAllTextAsync(Path.Combine(session!, ReplayPublisher.Marker)));
    }

    [Fact]
    public async Task A_subscribers_only_video_is_listed_but_plays_only_for_the_owner_and_entitled_subscribers()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (creatorId, creatorToken) = await host.RegisterAsync();
        var (_, subscriberToken) = await host.RegisterAsync();
        var (_, otherToken) = await host.RegisterAsync();
        var videoId = await VideoApi.UploadOkAsync(host, creatorToken, await SampleMedia.VideoAsync(320, 240), "members #backstage");
        var hlsUrl = (await VideoApi.WaitForStatusAsync(host, videoId, "ready")).GetProperty("hlsUrl").GetString()!;
        using var creator = host.CreateClient(creatorToken);
        using var other = host.CreateClient(otherToken);
        using var subscriber = host.CreateClient(subscriberToken);
        using var anonymous = host.CreateClient();

        await VideoApi.IsProblemAsync(await other.PatchAsJsonAsync($"/api/videos/{videoId}", new { visibility = "subscribers" }), HttpStatusCode.Forbidden, "not_video_owner");
        await VideoApi.IsProblemAsync(await creator.PatchAsJsonAsync($"/api/videos/{videoId}", new { visibility = "everyone" }), HttpStatusCode.BadRequest, "invalid_visibility");
        var patched = await creator.PatchAsJsonAsync($"/api/videos/{videoId}", new { visibility = "subscribers" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("subscribers", (await VideoApi.JsonAsync(patched)).GetProperty("visibility").GetString());

        // Listed for everybody, with its visibility.
        var listed = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/users/{creatorId}/videos")).EnumerateArray().Single();
        Assert.Equal("subscribers", listed.GetProperty("visibility").GetString());
        await VideoApi.IsProblemAsync(await anonymous.GetAsync(hlsUrl), HttpStatusCode.Forbidden, "subscribers_only");
        await VideoApi.IsProblemAsync(await other.GetAsync(hlsUrl.Replace("index.m3u8", "240p/index.m3u8", StringComparison.Ordinal)), HttpStatusCode.Forbidden, "subscribers_only");
        Assert.Equal(HttpStatusCode.OK, (await creator.GetAsync(hlsUrl)).StatusCode);

        // A subscription (sandbox checkout confirmed) opens it; the thumbnail was never closed.
        var created = await VideoApi.JsonAsync(await subscriber.PostAsJsonAsync("/api/subscriptions", new { creatorId, tierId = "superfan" }));
        await VideoApi.IsProblemAsync(await subscriber.GetAsync(hlsUrl), HttpStatusCode.Forbidden, "subscribers_only");
        var checkout = new Uri(created.GetProperty("checkoutUrl").GetString()!);
        await subscriber.PostAsync($"{checkout.AbsolutePath}/confirm{checkout.Query}", null); // the page is the subscriber's by its ?t= token
        var probe = await ProbeAsync(hlsUrl, subscriberToken);
        Assert.Contains(probe.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_name").GetString() == "h264");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(listed.GetProperty("thumbnailUrl").GetString())).StatusCode);

        // Public again: anybody plays it.
        (await creator.PatchAsJsonAsync($"/api/videos/{videoId}", new { visibility = "public" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(hlsUrl)).StatusCode);
    }

    private static IReadOnlyList<string> RecordedSessions(string data, string roomId)
    {
        var folder = Path.Combine(data, "recordings", roomId);
        return Directory.Exists(folder) ? Directory.GetDirectories(folder) : [];
    }

    internal static async Task<int> PublishAsync(string url, int seconds)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in ("-hide_banner -loglevel warning -nostdin -re -f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 " +
            $"-t {seconds} -c:v libx264 -preset veryfast -g 60 -pix_fmt yuv420p -c:a aac -b:a 96k -f flv").Split(' '))
        {
            info.ArgumentList.Add(a);
        }
        info.ArgumentList.Add(url);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(p.ExitCode == 0, await err);
        return p.ExitCode;
    }

    /// <summary>ffprobe over HTTP with a bearer token (ffmpeg's HLS demuxer sends the headers with every request).</summary>
    public static async Task<JsonElement> ProbeAsync(string url, string token)
    {
        var info = new ProcessStartInfo("ffprobe") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "error", "-headers", $"Authorization: Bearer {token}\r\n", "-print_format", "json", "-show_format", "-show_streams", url })
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"ffprobe failed on {url}: {err}");
        return JsonDocument.Parse(await output).RootElement;
    }
}
