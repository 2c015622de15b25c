using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Gateway.Media;
using Stagecast.TestInfrastructure;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>
/// The gateway as shipped with RTMP on a free port, ffmpeg (Debian) as the encoder: a wrong key is refused, a
/// publish with B-frames makes the room live and its HLS carries H.264 (with composition offsets) and AAC that
/// ffmpeg decodes without error, a restarted publisher continues the room, a second publisher is refused and
/// rotating the key cuts the running one.
/// </summary>
public sealed class FullStackRtmpTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private sealed record RoomView(string RoomId, string Status);

    [Fact]
    public async Task FfmpegOverRtmp_GoesLive_HlsHasH264WithBFramesAndAac_RestartContinues_KeyRotationCuts()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
            ["Stagecast:Rtmp:RevalidateInterval"] = "00:00:00.5",
        });
        var room = await host.OpenRoomAsync("rtmp full stack", start: false);
        var rtmp = host.Services.GetRequiredService<RtmpIngest>();
        var port = rtmp.Server!.LocalEndPoint!.Port;
        Assert.Equal($"rtmp://127.0.0.1:{port}/live", room.RtmpUrl);
        using var anonymous = host.CreateClient();
        using var api = host.CreateClient(room.HostToken);

        // Wrong keys: refused (ffmpeg fails), the room stays "created".
        foreach (var wrong in new[] { room.RoomId + ".wrong", "no-room-prefix", room.StreamKey + "x" })
        {
            using var refused = FfmpegProcess.Publish($"{room.RtmpUrl}/{wrong}", 5);
            Assert.NotEqual(0, await refused.WaitAsync(Guard));
        }
        Assert.Equal("created", (await anonymous.GetFromJsonAsync<RoomView>($"/api/live/{room.RoomId}"))!.Status);

        // First publish, 6 s with B-frames.
        string? firstSession = null;
        using (var publisher = FfmpegProcess.Publish($"{room.RtmpUrl}/{room.StreamKey}", 6))
        {
            await PollAsync(async () => (await anonymous.GetFromJsonAsync<RoomView>($"/api/live/{room.RoomId}"))!.Status == "live");
            await PollAsync(async () => (firstSession = await SessionIdAsync(anonymous, room.HlsUrl)) is not null);
            Assert.Equal(0, await publisher.WaitAsync(Guard));
        }
        using var temp = new TempDirectory("stagecast-rtmp");
        var file = Path.Combine(temp.Path, "first.mp4");
        await DownloadRecordingAsync(anonymous, room.HlsUrl, firstSession!, file);

        using (var probe = FfmpegProcess.Start("/usr/bin/ffprobe", $"-v error -show_entries stream=codec_name,codec_type,width,height,has_b_frames -of json {file}"))
        {
            var streams = JsonDocument.Parse(await probe.OutputAsync(Guard)).RootElement.GetProperty("streams").EnumerateArray().ToList();
            var video = streams.Single(s => s.GetProperty("codec_type").GetString() == "video");
            Assert.Equal("h264", video.GetProperty("codec_name").GetString());
            Assert.Equal(640, video.GetProperty("width").GetInt32());
            Assert.True(video.GetProperty("has_b_frames").GetInt32() > 0, video.ToString());
            Assert.Equal("aac", streams.Single(s => s.GetProperty("codec_type").GetString() == "audio").GetProperty("codec_name").GetString());
        }

        using (var packets = FfmpegProcess.Start("/usr/bin/ffprobe", $"-v error -select_streams v -show_entries packet=pts,dts -of csv=p=0 {file}"))
        {
            var rows = (await packets.OutputAsync(Guard)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(',')).Select(p => (Pts: long.Parse(p[0]), Dts: long.Parse(p[1]))).ToList();
            Assert.True(rows.Count > 100, $"{rows.Count} video packets");
            Assert.Contains(rows, r => r.Pts > r.Dts); // composition offsets reached the fragments
            Assert.Equal(rows.Count, rows.Select(r => r.Pts).Distinct().Count());
        }

        using (var decode = FfmpegProcess.Start("/usr/bin/ffmpeg", $"-v error -i {file} -f null -"))
        {
            await decode.OutputAsync(Guard);
            Assert.True(string.IsNullOrWhiteSpace(decode.Stderr), decode.Stderr);
        }

        // A restarted publisher continues the room with a new HLS session.
        using var second = FfmpegProcess.Publish($"{room.RtmpUrl}/{room.StreamKey}", 40);
        await PollAsync(() => Task.FromResult(rtmp.IsPublishing(room.RoomId)));
        await PollAsync(async () => await SessionIdAsync(anonymous, room.HlsUrl) is { } s && s != firstSession);
        Assert.Equal("live", (await anonymous.GetFromJsonAsync<RoomView>($"/api/live/{room.RoomId}"))!.Status);

        // A second publisher into the busy room is refused; the first one keeps going.
        using (var intruder = FfmpegProcess.Publish($"{room.RtmpUrl}/{room.StreamKey}", 5))
        {
            Assert.NotEqual(0, await intruder.WaitAsync(Guard));
        }
        Assert.False(second.HasExited);

        // Rotating the key cuts the running publisher.
        (await api.PostAsync($"/api/live/{room.RoomId}/stream-key", null)).EnsureSuccessStatusCode();
        await second.WaitAsync(Guard);
        await PollAsync(() => Task.FromResult(!rtmp.IsPublishing(room.RoomId)));
    }

    /// <summary>Waits for the session's finished VOD playlist and writes its init segment and segments into one file.</summary>
    internal static async Task DownloadRecordingAsync(HttpClient client, string hlsUrl, string session, string file)
    {
        var vod = await GetWhenReadyAsync(client, new Uri(new Uri(hlsUrl), $"{session}/vod.m3u8"));
        var segments = vod.Split('\n').Where(l => l.StartsWith("seg", StringComparison.Ordinal)).ToList();
        Assert.True(segments.Count >= 2, vod);
        await using var output = File.Create(file);
        foreach (var name in new[] { "init1.mp4" }.Concat(segments))
        {
            var bytes = await client.GetByteArrayAsync(new Uri(new Uri(hlsUrl), $"{session}/{name}"));
            await output.WriteAsync(bytes);
        }
    }

    internal static async Task<string?> SessionIdAsync(HttpClient client, string hlsUrl)
    {
        var response = await client.GetAsync(hlsUrl);
        if (!response.IsSuccessStatusCode) return null;
        var line = (await response.Content.ReadAsStringAsync()).Split('\n').FirstOrDefault(l => l.EndsWith("live.m3u8", StringComparison.Ordinal));
        return line?.Split('/')[0];
    }

    private static async Task<string> GetWhenReadyAsync(HttpClient client, Uri uri)
    {
        string? body = null;
        await PollAsync(async () =>
        {
            var response = await client.GetAsync(uri);
            if (response.StatusCode != HttpStatusCode.OK) return false;
            body = await response.Content.ReadAsStringAsync();
            return body.Contains("#EXT-X-ENDLIST");
        });
        return body!;
    }

    internal static async Task PollAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met before the guard time");
            await Task.Delay(100);
        }
    }
}
