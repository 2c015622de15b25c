using System.Buffers.Binary;
using System.Diagnostics;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests;

/// <summary>
/// Issue 16: OBS's default x264 settings produce B-frames. ffmpeg (Debian) publishes H.264 with <c>-bf 2</c> and AAC
/// over RTMP; the room's LL-HLS carries composition offsets (trun version 1, flag 0x800) and hls.js in Chromium
/// plays it: frames decoded, none corrupted, no hls.js error.
/// </summary>
public sealed class RtmpBFramePlaybackTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FfmpegWithBFrames_OverRtmp_PlaysInChromiumThroughHlsJs()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
        });
        var room = await host.OpenRoomAsync("rtmp b-frames", start: false);
        using var ffmpeg = FfmpegRtmpPublisher.Start($"{room.RtmpUrl}/{room.StreamKey}", 40, bFrames: 2, gop: 60, output);
        try
        {
            using var client = host.CreateClient();
            var hlsUrl = new Uri(room.HlsUrl);
            var (sessionId, segment) = await FirstSegmentAsync(client, hlsUrl);
            Assert.True(HasCompositionOffsets(segment), $"segment 0 of {sessionId} has no trun with composition offsets");

            var result = await NodeScript.PlayAsync(hlsUrl, 6, output);
            Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
            Assert.Equal(360, result.GetProperty("videoHeight").GetInt32());
            // A decode or parse fault of the B-frame stream is the failure; a non-fatal buffer stall is the box being
            // starved (it happened in a suite run beside a second build), which the glass-to-glass benchmark measures.
            // hls.js follows such a stall with its own nudge (bufferNudgeOnStall, seen once in an idle suite run). The
            // frames below are still all decoded and none corrupted.
            var errors = result.GetProperty("errors").EnumerateArray().ToList();
            Assert.DoesNotContain(errors, e =>
                e.GetProperty("fatal").GetBoolean()
                || e.GetProperty("details").GetString() is not ("bufferStalledError" or "bufferNudgeOnStall" or "bufferSeekOverHole"));
            // The one hole allowed is the start gap: on a starved box video.play() can start the playhead at 0 before
            // hls.js has moved it to the first fragment it loaded (the live edge, 2 s or more in), and hls.js seeks over
            // that (seen once in a suite run, and in 1 of 6 runs beside two busy loops: "seeking from 0 to 2.099999",
            // buffered from 1.999999). A hole anywhere else, or a video-only hole hls.js nudges past, is a gap in the
            // packaged B-frame stream.
            foreach (var hole in errors.Where(e => e.GetProperty("details").GetString() == "bufferSeekOverHole"))
            {
                Assert.StartsWith("fragment loaded with buffer holes, seeking from 0 to ", hole.GetProperty("reason").GetString(), StringComparison.Ordinal);
            }

            var codecs = result.GetProperty("levels")[0].GetProperty("codecs").GetString()!;
            Assert.Contains("avc1", codecs);
            Assert.Contains("mp4a", codecs);
            var quality = result.GetProperty("quality");
            Assert.True(quality.GetProperty("total").GetInt32() >= 60, quality.ToString());
            Assert.Equal(0, quality.GetProperty("corrupted").GetInt32());
        }
        finally
        {
            await ffmpeg.StopAsync();
        }
    }

    private static async Task<(string SessionId, byte[] Segment)> FirstSegmentAsync(HttpClient client, Uri hlsUrl)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, "no complete segment within 60 s");
            var index = await client.GetAsync(hlsUrl);
            if (index.IsSuccessStatusCode)
            {
                var media = (await index.Content.ReadAsStringAsync()).Split('\n').First(l => l.EndsWith("live.m3u8", StringComparison.Ordinal));
                var sessionId = media.Split('/')[0];
                var segment = await client.GetAsync(new Uri(hlsUrl, $"{sessionId}/seg0.m4s"));
                if (segment.IsSuccessStatusCode) return (sessionId, await segment.Content.ReadAsByteArrayAsync());
            }

            await Task.Delay(200);
        }
    }

    // ISO/IEC 14496-12 8.8.8: a trun with signed composition offsets is version 1 with flag 0x800.
    private static bool HasCompositionOffsets(byte[] segment)
    {
        var span = segment.AsSpan();
        for (var at = span.IndexOf("trun"u8); at >= 0; )
        {
            var header = BinaryPrimitives.ReadUInt32BigEndian(span[(at + 4)..]);
            if (header >> 24 == 1 && (header & 0x800) != 0) return true;
            var next = span[(at + 4)..].IndexOf("trun"u8);
            at = next < 0 ? -1 : at + 4 + next;
        }

        return false;
    }
}
