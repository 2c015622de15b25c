using System.Text.Json;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests;

/// <summary>
/// The HLS part-lag series on /metrics after a real publish: headless Chromium publishes its fake camera over WHIP,
/// the gateway packages it, and the scrape shows the parts it published with a lag well under a second or two. It runs
/// alone, on a gateway of its own: the meter is process-wide, and a suite run once counted 84 parts in its window (its
/// own publish makes 20-30), 27 of them over 2 s with a mean of days: most likely other tests' rooms packaging beside it,
/// whose media's capture clock is not this one.
/// </summary>
[Collection(Alone)]
public sealed class PartLagMetricsTests(HlsGatewayFixture fixture, ITestOutputHelper output)
{
    public const string Alone = "part-lag-alone";
    private const string Lag = "stagecast_hls_part_lag_seconds";

    [Fact]
    public async Task Metrics_carry_the_part_lag_of_a_chromium_publish()
    {
        using var http = fixture.Host.CreateClient();
        // Other tests of this process package too (the meter is process-wide): compare against a scrape before.
        var before = await http.GetStringAsync("/metrics");
        var room = await fixture.Host.OpenRoomAsync("part lag", start: false);
        var config = JsonSerializer.Serialize(new { baseUrl = fixture.Host.BaseAddress.ToString(), room = room.RoomId, key = room.StreamKey, seconds = 10, scenario = "delete" });
        var published = await NodeScript.RunAsync("e2e-ingest", ["publish.mjs", config], TimeSpan.FromSeconds(120), output);
        Assert.Equal(201, published.GetProperty("status").GetInt32());

        double Delta(string text, string name, string? labels = null) =>
            PrometheusText.Value(text, name, labels) - Math.Max(0, PrometheusText.Value(before, name, labels));
        var after = await PrometheusText.ScrapeUntilAsync(http, t => Delta(t, Lag + "_count") >= 10, TimeSpan.FromSeconds(30));
        var parts = Delta(after, Lag + "_count");
        var mean = Delta(after, Lag + "_sum") / parts;
        var withinTwoSeconds = Delta(after, Lag + "_bucket", "le=\"2\"");
        output.WriteLine($"{parts} parts, mean lag {mean * 1000:0} ms, {withinTwoSeconds} within 2 s");

        // Ten seconds of 30 fps video make dozens of parts (under a second each, docs/hls.md).
        Assert.True(parts >= 10, $"{parts} parts counted:\n{after}");
        Assert.InRange(mean, 0, 2);
        Assert.True(withinTwoSeconds >= parts * 0.9, $"only {withinTwoSeconds} of {parts} parts within 2 s");
    }
}

[CollectionDefinition(PartLagMetricsTests.Alone, DisableParallelization = true)]
public sealed class PartLagAloneCollection : ICollectionFixture<HlsGatewayFixture>;
