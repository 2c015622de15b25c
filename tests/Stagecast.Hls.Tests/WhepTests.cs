using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Gateway.Media;
using Stagecast.Hls.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests;

/// <summary>
/// WHEP real-time playback (issue 16) with Chromium on both ends: a Chromium publisher sends the drawn clock over
/// WHIP, a second Chromium POSTs a recvonly offer to /api/live/{roomId}/whep and plays the answer's streams in a
/// &lt;video&gt;. It decodes frames (getStats), receives audio, reads the drawn clock from the picture, and its DELETE
/// ends the viewer on the gateway. WHEP_G2G_SECONDS=60 makes it the glass-to-glass measurement in docs/BENCHMARKS.md;
/// no timing is asserted.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class WhepTests(HlsGatewayFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ChromiumViewer_DecodesTheRoomOverWhep_AndDeleteEndsIt()
    {
        var seconds = GlassResult.Seconds("WHEP_G2G_SECONDS");
        var room = await fixture.Host.OpenRoomAsync("whep", start: false);
        var config = JsonSerializer.Serialize(new
        {
            baseUrl = fixture.Host.BaseAddress.ToString(),
            room = room.RoomId,
            key = room.StreamKey,
            hlsUrl = room.HlsUrl,
            whepUrl = $"/api/live/{room.RoomId}/whep",
            seconds,
            warmupSeconds = 2,
        });
        var result = await NodeScript.RunAsync("e2e-hls", ["glass.js", config], TimeSpan.FromSeconds(seconds + 180), output);
        var samples = GlassResult.AssertClocksRead(result, seconds);
        var stats = GlassResult.AssertWhepPlayed(result);

        var latency = result.GetProperty("latencyMs");
        output.WriteLine(GlassResult.Describe("WHEP", latency, samples, seconds, $"viewer {stats}"));

        // The DELETE ended the viewer: the room has no WHEP viewer left on the gateway.
        var server = fixture.Host.Services.GetRequiredService<WhipIngest>().RunningServer!;
        Assert.Equal(0, server.ViewerCount(room.RoomId));
    }

    /// <summary>
    /// A second, independent WebRTC stack (werift, no libwebrtc) as the viewer: RTP arrives with the SSRCs and
    /// payload types the answer announced, video starts on a keyframe, sequence numbers run without gaps, and a
    /// PLI from the viewer brings a keyframe (through the gateway's coalescing keyframe request to the publisher).
    /// </summary>
    [Fact]
    public async Task WeriftViewer_GetsRewrittenStreams_AKeyframeAfterPli_AndCountsAsAViewer()
    {
        var room = await fixture.Host.OpenRoomAsync("whep werift", start: false);
        var config = JsonSerializer.Serialize(new
        {
            baseUrl = fixture.Host.BaseAddress.ToString(),
            room = room.RoomId,
            key = room.StreamKey,
            hlsUrl = room.HlsUrl,
            whepUrl = $"/api/live/{room.RoomId}/whep",
            seconds = 3,
        });
        var result = await NodeScript.RunAsync("e2e-hls", ["whep-werift.js", config], TimeSpan.FromSeconds(240), output);
        Assert.True(result.TryGetProperty("ok", out var ok) && ok.GetBoolean(), result.ToString());
        output.WriteLine(result.ToString());

        var answerSsrcs = result.GetProperty("answerSsrcs").EnumerateArray().Select(e => e.GetInt64()).ToList();
        var answerPts = result.GetProperty("answerPayloadTypes").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var video = result.GetProperty("video");
        var audio = result.GetProperty("audio");
        Assert.True(video.GetProperty("packets").GetInt32() >= 50, video.ToString());
        Assert.True(audio.GetProperty("packets").GetInt32() >= 50, audio.ToString());
        Assert.True(video.GetProperty("firstIsKeyframe").GetBoolean(), video.ToString());
        Assert.Equal(0, video.GetProperty("seqGaps").GetInt32());
        Assert.True(video.GetProperty("afterPli").GetInt32() > 0, video.ToString());
        var videoSsrc = Assert.Single(video.GetProperty("ssrcs").EnumerateArray()).GetInt64();
        var audioSsrc = Assert.Single(audio.GetProperty("ssrcs").EnumerateArray()).GetInt64();
        Assert.Contains(videoSsrc, answerSsrcs);
        Assert.Contains(audioSsrc, answerSsrcs);
        Assert.NotEqual(videoSsrc, audioSsrc);
        Assert.Contains(Assert.Single(video.GetProperty("payloadTypes").EnumerateArray()).GetInt32(), answerPts);
        Assert.Contains(Assert.Single(audio.GetProperty("payloadTypes").EnumerateArray()).GetInt32(), answerPts);
        Assert.Equal(200, result.GetProperty("deleteStatus").GetInt32());

        // Issue 16: the WHEP-only viewer (werift has no hub connection) is in the room's viewer count, then leaves it.
        Assert.Equal(1, result.GetProperty("viewersWhileWatching").GetInt32());
        Assert.Equal(0, result.GetProperty("viewersAfterLeaving").GetInt32());
    }
}
