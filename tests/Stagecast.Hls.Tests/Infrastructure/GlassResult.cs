using System.Text.Json;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>The checks every glass-to-glass run shares (tests/e2e-hls/glass.js's JSON line), whatever publishes and plays.</summary>
internal static class GlassResult
{
    /// <summary>The run's length: <paramref name="variable"/> (at least 5 s) makes it a measurement; 8 s in the suite.</summary>
    public static int Seconds(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var s) ? Math.Max(5, s) : 8;

    /// <summary>glass.js finished and read clocks from the picture throughout; returns how many it read.</summary>
    public static int AssertClocksRead(JsonElement result, int seconds)
    {
        Assert.True(result.TryGetProperty("ok", out var ok) && ok.GetBoolean(), result.ToString());
        // At 10 samples a second a working decoder sees far more than this many clocks in the window.
        var samples = result.GetProperty("samples").GetInt32();
        Assert.True(samples >= 3 * seconds, $"only {samples} clocks decoded in {seconds} s");
        return samples;
    }

    /// <summary>Every latency (min, p50, p95, max) is a finite positive number; returns them.</summary>
    public static JsonElement AssertLatenciesFinite(JsonElement result)
    {
        var latency = result.GetProperty("latencyMs");
        foreach (var key in new[] { "min", "p50", "p95", "max" })
        {
            var value = latency.GetProperty(key).GetDouble();
            Assert.True(double.IsFinite(value) && value > 0, $"latency {key} = {value}");
        }
        return latency;
    }

    /// <summary>The WHEP viewer was answered 201, decoded frames and received audio, and its DELETE got 200; returns its stats.</summary>
    public static JsonElement AssertWhepPlayed(JsonElement result)
    {
        var whep = result.GetProperty("whep");
        Assert.Equal(201, whep.GetProperty("status").GetInt32());
        var stats = whep.GetProperty("stats");
        Assert.True(stats.GetProperty("framesDecoded").GetInt32() > 0, stats.ToString());
        Assert.True(stats.GetProperty("audioPacketsReceived").GetInt32() > 0, stats.ToString());
        Assert.Equal(200, whep.GetProperty("deleteStatus").GetInt32());
        return stats;
    }
}
