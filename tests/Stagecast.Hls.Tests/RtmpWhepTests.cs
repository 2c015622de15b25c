using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Gateway.Media;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests;

/// <summary>
/// Issue 16: WHEP for a room published over RTMP. ffmpeg (Debian) publishes H.264 + AAC over RTMP; werift (an
/// independent WebRTC stack) watches over WHEP and writes the video it receives as H.264 Annex B, which ffmpeg decodes
/// without an error at the publisher's size. The gateway packetized it from the RTMP access units; the stream starts on
/// the SPS of a keyframe and runs without sequence gaps. The AAC reaches the viewer as Opus (ffmpeg, started for the
/// viewer; <c>Stagecast-Whep-Audio: transcoded</c>), and that ffmpeg is gone once the viewer has left.
/// </summary>
public sealed class RtmpWhepTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WeriftViewer_OfAnRtmpRoom_GetsDecodableVideo_AndOpusFromItsAac()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
        });
        var room = await host.OpenRoomAsync("rtmp whep", start: false);
        var whepUrl = $"/api/live/{room.RoomId}/whep";
        using var client = host.CreateClient();
        var before = await client.PostAsync(whepUrl, new StringContent("v=0\r\n", System.Text.Encoding.UTF8, "application/sdp"));
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode); // no publisher yet

        using var ffmpeg = FfmpegRtmpPublisher.Start($"{room.RtmpUrl}/{room.StreamKey}", 60, bFrames: 0, gop: 30, output, zeroLatency: true);
        using var temp = new TempDirectory("stagecast-rtmp-whep");
        var file = Path.Combine(temp.Path, "whep.h264");
        try
        {
            var rtmp = host.Services.GetRequiredService<RtmpIngest>();
            var deadline = DateTime.UtcNow + Guard;
            while (!rtmp.IsPublishing(room.RoomId))
            {
                Assert.True(DateTime.UtcNow < deadline, "the RTMP publisher never started");
                await Task.Delay(100);
            }

            var config = JsonSerializer.Serialize(new Dictionary<string, object> { ["baseUrl"] = host.BaseAddress.ToString(), ["whepUrl"] = whepUrl, ["out"] = file, ["seconds"] = 4 });
            var result = await NodeScript.RunAsync("e2e-hls", ["whep-rtmp.js", config], TimeSpan.FromSeconds(180), output);
            output.WriteLine(result.ToString());
            Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
            Assert.Equal("transcoded", result.GetProperty("audioHeader").GetString());
            Assert.Equal(200, result.GetProperty("deleteStatus").GetInt32());
            Assert.True(result.GetProperty("audioPackets").GetInt32() >= 50, result.ToString()); // Opus from the AAC, 50 a second
            var video = result.GetProperty("video");
            Assert.True(video.GetProperty("packets").GetInt32() >= 50, video.ToString());
            Assert.Equal(7, video.GetProperty("firstNalType").GetInt32()); // starts on a keyframe's SPS
            // Sequence numbers run on without jumps: a packetizer that skipped or repeated numbers would jump on every
            // picture. A few jumps are UDP datagrams dropped on a busy loopback (the suite saw 6 once on the 2-core box).
            Assert.True(video.GetProperty("seqGaps").GetInt32() <= video.GetProperty("packets").GetInt32() / 50, video.ToString());
            Assert.True(video.GetProperty("markers").GetInt32() >= 30, video.ToString());
            // One marker per picture: a picture without one lost its last packet, which the gaps above count (a UDP drop
            // on loopback usually takes the marker packet, as a 640x360 picture is one to three packets). A packet resent
            // for a NACK and received twice is counted once (whep-rtmp.js): counted twice, it once gave 12 markers more
            // than pictures.
            Assert.InRange(video.GetProperty("timestamps").GetInt32() - video.GetProperty("markers").GetInt32(), 0, video.GetProperty("seqGaps").GetInt32());

            // The transcoder runs only while the room has WHEP viewers: the viewer has left, the publisher goes on.
            deadline = DateTime.UtcNow + Guard;
            while (OpusTranscoders() > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the AAC to Opus ffmpeg outlived the room's last WHEP viewer");
                await Task.Delay(200);
            }
            Assert.False(ffmpeg.HasExited);
        }
        finally
        {
            await ffmpeg.StopAsync();
        }

        var probe = await RunAsync("/usr/bin/ffprobe",
            $"-v error -count_frames -select_streams v -show_entries stream=codec_name,width,height,nb_read_frames -of json {file}");
        var stream = JsonDocument.Parse(probe.Stdout).RootElement.GetProperty("streams")[0];
        Assert.Equal("h264", stream.GetProperty("codec_name").GetString());
        Assert.Equal((640, 360), (stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32()));
        Assert.True(int.Parse(stream.GetProperty("nb_read_frames").GetString()!) >= 60, stream.ToString());
        var decode = await RunAsync("/usr/bin/ffmpeg", $"-v error -f h264 -i {file} -f null -");
        Assert.True(string.IsNullOrWhiteSpace(decode.Stderr), decode.Stderr);
        Assert.Equal(0, host.Services.GetRequiredService<WhipIngest>().RunningServer!.ViewerCount(room.RoomId));
    }

    /// <summary>
    /// An encoder with B-frames (OBS's x264 default): WebRTC players cannot show pictures that arrive out of presentation
    /// order, so the room is refused in real time with a clear problem (422 <c>whep_bframes</c>; the watch page plays
    /// LL-HLS), while its HLS goes on.
    /// </summary>
    [Fact]
    public async Task AnRtmpEncoderWithBFrames_IsRefusedWhepClearly()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
        });
        var room = await host.OpenRoomAsync("rtmp b-frames", start: false);
        using var ffmpeg = FfmpegRtmpPublisher.Start($"{room.RtmpUrl}/{room.StreamKey}", 60, bFrames: 2, gop: 30, output);
        try
        {
            var rtmp = host.Services.GetRequiredService<RtmpIngest>();
            var deadline = DateTime.UtcNow + Guard;
            while (!rtmp.SendsBFrames(room.RoomId))
            {
                Assert.True(DateTime.UtcNow < deadline, "the gateway never saw the encoder's B-frames");
                await Task.Delay(100);
            }

            using var client = host.CreateClient();
            var offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
            var response = await client.PostAsync($"/api/live/{room.RoomId}/whep", new StringContent(offer, System.Text.Encoding.UTF8, "application/sdp"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("whep_bframes", problem.GetProperty("code").GetString());
            Assert.Contains("B-frames", problem.GetProperty("detail").GetString());
            Assert.Null(host.Services.GetRequiredService<WhipIngest>().RunningServer?.RelayOf(room.RoomId));
            Assert.True(rtmp.IsPublishing(room.RoomId));
        }
        finally
        {
            await ffmpeg.StopAsync();
        }
    }

    /// <summary>ffmpeg processes this test process started that encode Opus (the gateway is embedded here).</summary>
    private static int OpusTranscoders()
    {
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                if (parent == Environment.ProcessId && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("libopus", StringComparison.Ordinal)) count++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        return count;
    }

    internal static async Task<(string Stdout, string Stderr)> RunAsync(string exe, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(exe, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Guard);
        Assert.Equal(0, process.ExitCode);
        return (await stdout, await stderr);
    }
}
