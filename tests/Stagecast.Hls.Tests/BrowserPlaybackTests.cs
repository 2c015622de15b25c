using System.Text.Json;
using Stagecast.Hls.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests;

/// <summary>Headless Chromium with hls.js (tests/e2e-hls) plays a live room fed in real time, then its replay.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BrowserPlaybackTests(HlsGatewayFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task HlsJs_PlaysTheLiveRoom_ThenTheReplay()
    {
        var roomId = "browser-" + Guid.NewGuid().ToString("N")[..8];
        var clip = TestMedia.Clip(640, 360, 12);
        var sink = fixture.Outputs.Open(roomId);
        using var stop = new CancellationTokenSource();
        var feeding = Task.Run(() => Feeder.FeedLiveAsync(sink, clip, stop.Token));

        // HLS_E2E_LIVE_SECONDS lengthens the live run for the latency measurement in docs/BENCHMARKS.md.
        var liveSeconds = int.TryParse(Environment.GetEnvironmentVariable("HLS_E2E_LIVE_SECONDS"), out var s) ? Math.Max(5, s) : 5;
        var live = await PlayAsync(new Uri(fixture.Host.BaseAddress, $"/hls/{roomId}/index.m3u8"), seconds: liveSeconds);
        Assert.True(live.GetProperty("ok").GetBoolean(), live.ToString());
        Assert.True(live.GetProperty("live").GetBoolean());
        Assert.DoesNotContain(live.GetProperty("errors").EnumerateArray(), e => e.TryGetProperty("fatal", out var f) && f.GetBoolean());
        var latencies = live.GetProperty("latenciesMs").EnumerateArray().Select(e => e.GetDouble()).Order().ToArray();
        if (latencies.Length > 0)
        {
            output.WriteLine($"live latency (PDT) p50={latencies[latencies.Length / 2]:0} ms p95={latencies[(int)(latencies.Length * 0.95)]:0} ms max={latencies[^1]:0} ms over {latencies.Length} samples");
        }

        await stop.CancelAsync();
        await feeding;
        sink.OnEnd();
        await fixture.Store.GetSession(roomId)!.RecordingCompleted;

        var replay = await PlayAsync(new Uri(fixture.Host.BaseAddress, $"/hls/{roomId}/replay/index.m3u8"), seconds: 3);
        Assert.True(replay.GetProperty("ok").GetBoolean(), replay.ToString());
        Assert.False(replay.GetProperty("live").GetBoolean());
    }

    private Task<JsonElement> PlayAsync(Uri url, int seconds) => NodeScript.PlayAsync(url, seconds, output);
}
