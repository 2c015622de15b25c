using System.Globalization;
using System.Text.Json;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>The checks every glass-to-glass run shares (tests/e2e-hls/glass.js's JSON line), whatever publishes and plays.</summary>
internal static class GlassResult
{
    /// <summary>The run's length: <paramref name="variable"/> (at least 5 s) makes it a measurement; 8 s in the suite.</summary>
    public static int Seconds(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var s) ? Math.Max(5, s) : 8;

    /// <summary>
    /// glass.js with ffmpeg publishing the drawn clock over RTMP (tests/e2e-hls/rtmp-clock.js, docs/obs.md's settings) into
    /// <paramref name="room"/>; the viewer plays the room's LL-HLS, or with <paramref name="whep"/> its WHEP. The viewer joins
    /// 2 s after the room went live in the suite, 5 s in a measurement (over 20 s). With <paramref name="whepVideoOnly"/> the
    /// WHEP viewer offers video only.
    /// </summary>
    public static Task<JsonElement> RunRtmpClockAsync(GatewayHost host, OpenedRoom room, int seconds, ITestOutputHelper output,
        bool whep = false, bool whepVideoOnly = false)
    {
        Assert.NotNull(room.RtmpUrl);
        var config = new Dictionary<string, object>
        {
            ["baseUrl"] = host.BaseAddress.ToString(),
            ["room"] = room.RoomId,
            ["key"] = room.StreamKey,
            ["hlsUrl"] = room.HlsUrl,
            ["rtmpUrl"] = $"{room.RtmpUrl}/{room.StreamKey}",
            ["seconds"] = seconds,
            ["warmupSeconds"] = seconds > 20 ? 5 : 2,
        };
        if (whep) config["whepUrl"] = $"/api/live/{room.RoomId}/whep";
        if (whepVideoOnly) config["whepVideoOnly"] = true;
        return NodeScript.RunAsync("e2e-hls", ["glass.js", JsonSerializer.Serialize(config)], TimeSpan.FromSeconds(seconds + 180), output);
    }

    /// <summary>The RTMP publisher (rtmp-clock.js) drew frames all along, as a camera does; returns its stats.</summary>
    public static JsonElement AssertRtmpPublisherDrew(JsonElement result, int seconds)
    {
        var publisher = result.GetProperty("publisher");
        Assert.True(publisher.GetProperty("framesWritten").GetInt32() >= 30 * seconds, publisher.ToString());
        return publisher;
    }

    /// <summary>
    /// The line the RTMP and WHEP glass-to-glass tests print: "{label} glass-to-glass p50=.. ms p95=.. ms max=.. ms over N samples (S s); {details}; load ..".
    /// </summary>
    public static string Describe(string label, JsonElement latency, int samples, int seconds, string details) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{label} glass-to-glass p50={latency.GetProperty("p50")} ms p95={latency.GetProperty("p95")} ms max={latency.GetProperty("max")} ms over {samples} samples ({seconds} s); {details}; load {File.ReadAllText("/proc/loadavg").Trim()}");

    /// <summary>glass.js finished and read clocks from the picture throughout; returns how many it read.</summary>
    public static int AssertClocksRead(JsonElement result, int seconds)
    {
        Assert.True(result.TryGetProperty("ok", out var ok) && ok.GetBoolean(), result.ToString());
        // At 10 samples a second a working decoder sees far more than this many clocks in the window.
        var samples = result.GetProperty("samples").GetInt32();
        Assert.True(samples >= 3 * seconds, $"only {samples} clocks decoded in {seconds} s");
        return samples;
    }

    /// <summary>
    /// Every latency (min, p50, p95, max) is a finite positive number, and under <paramref name="belowMs"/> when given (a
    /// sanity bound: a clock read from the wrong place, not a timing target); returns them.
    /// </summary>
    public static JsonElement AssertLatenciesFinite(JsonElement result, double belowMs = double.PositiveInfinity)
    {
        var latency = result.GetProperty("latencyMs");
        foreach (var key in new[] { "min", "p50", "p95", "max" })
        {
            var value = latency.GetProperty(key).GetDouble();
            Assert.True(double.IsFinite(value) && value > 0, $"latency {key} = {value}");
            Assert.True(value < belowMs, $"latency {key} = {value} ms, not under {belowMs} ms");
        }
        return latency;
    }

    /// <summary>
    /// The WHEP viewer was answered 201, decoded frames, received audio (none when it offered <paramref name="audio"/>
    /// false), and its DELETE got 200; returns its stats.
    /// </summary>
    public static JsonElement AssertWhepPlayed(JsonElement result, bool audio = true)
    {
        var whep = result.GetProperty("whep");
        Assert.Equal(201, whep.GetProperty("status").GetInt32());
        var stats = whep.GetProperty("stats");
        Assert.True(stats.GetProperty("framesDecoded").GetInt32() > 0, stats.ToString());
        Assert.True(audio == stats.GetProperty("audioPacketsReceived").GetInt32() > 0, stats.ToString());
        Assert.Equal(200, whep.GetProperty("deleteStatus").GetInt32());
        return stats;
    }
}
