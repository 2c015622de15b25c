using System.Globalization;
using System.Text.Json;
using Stagecast.Hls.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests;

/// <summary>
/// Glass-to-glass latency (tests/e2e-hls/glass.js): a Chromium publisher draws Date.now() as a block code
/// into a canvas and sends it over WHIP; a second Chromium plays the room's HLS with the web player's
/// hls.js settings and decodes the clock from the video. In the suite this is a smoke check (clocks are
/// decoded, latencies are finite and positive); HLS_G2G_SECONDS=60 makes it the measurement in
/// docs/BENCHMARKS.md. No timing is asserted.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GlassToGlassTests(HlsGatewayFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task DrawnClock_IsDecodedFromTheHlsPlayback()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("HLS_G2G_SECONDS"), out var s) ? Math.Max(5, s) : 8;
        var room = await fixture.Host.OpenRoomAsync("glass to glass", start: false);

        var config = JsonSerializer.Serialize(new
        {
            baseUrl = fixture.Host.BaseAddress.ToString(),
            room = room.RoomId,
            key = room.StreamKey,
            hlsUrl = room.HlsUrl,
            seconds,
            warmupSeconds = seconds > 20 ? 5 : 2,
        });
        var result = await NodeScript.RunAsync("e2e-hls", ["glass.js", config], TimeSpan.FromSeconds(seconds + 180), output);
        Assert.True(result.TryGetProperty("ok", out var ok) && ok.GetBoolean(), result.ToString());

        // At 10 samples a second a working decoder sees far more than this many clocks in the window.
        var samples = result.GetProperty("samples").GetInt32();
        Assert.True(samples >= 3 * seconds, $"only {samples} clocks decoded in {seconds} s");
        Assert.True(result.GetProperty("distinctClocks").GetInt32() >= seconds, result.ToString());
        var latency = result.GetProperty("latencyMs");
        foreach (var key in new[] { "min", "p50", "p95", "max" })
        {
            var value = latency.GetProperty(key).GetDouble();
            Assert.True(double.IsFinite(value) && value > 0, $"latency {key} = {value}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"glass-to-glass p50={latency.GetProperty("p50")} ms p95={latency.GetProperty("p95")} ms max={latency.GetProperty("max")} ms over {samples} samples ({seconds} s); PDT {result.GetProperty("pdtLatencyMs")}; load {File.ReadAllText("/proc/loadavg").Trim()}"));
    }
}
