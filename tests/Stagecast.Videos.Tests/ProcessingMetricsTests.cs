using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>The video processing queue series on /metrics after a real upload, processed by real ffmpeg.</summary>
public sealed class ProcessingMetricsTests
{
    private const string Prefix = "stagecast_videos_processing_";

    [Fact]
    public async Task Metrics_carry_the_processing_queue_and_job_time_of_an_upload()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        using var http = host.CreateClient();
        // The meter is process-wide (earlier tests' jobs count too): compare against a scrape before.
        var before = await http.GetStringAsync("/metrics");
        var (_, token) = await host.RegisterAsync();
        var videoId = await VideoApi.UploadOkAsync(host, token, await SampleMedia.VideoAsync(640, 360), "metrics");
        await VideoApi.WaitForStatusAsync(host, videoId, "ready");

        double Delta(string text, string name, string? labels = null) =>
            PrometheusText.Value(text, name, labels) - Math.Max(0, PrometheusText.Value(before, name, labels));
        var ready = "outcome=\"ready\"";
        var after = await PrometheusText.ScrapeUntilAsync(http,
            t => Delta(t, Prefix + "duration_seconds_count", ready) >= 1 && Delta(t, Prefix + "queue_wait_seconds_count") >= 1,
            TimeSpan.FromSeconds(30));

        Assert.True(Delta(after, Prefix + "duration_seconds_count", ready) >= 1, after);
        // One 2 s clip at 360p: ffmpeg takes a fraction of a second to a minute on a loaded box, never nothing.
        Assert.InRange(Delta(after, Prefix + "duration_seconds_sum", ready), 0.01, 300);
        Assert.True(Delta(after, Prefix + "queue_wait_seconds_count") >= 1, after);
        Assert.InRange(Delta(after, Prefix + "queue_wait_seconds_sum"), 0, 300);
        // The queue and running gauges are exported (0 or more: other tests' jobs may still be around).
        Assert.True(PrometheusText.Value(after, Prefix + "queued") >= 0, after);
        Assert.True(PrometheusText.Value(after, Prefix + "running") >= 0, after);
    }
}
