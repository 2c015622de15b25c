using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Stagecast.Media.Hls;

/// <summary>
/// The LL-HLS meter ("Stagecast.Hls"): how late parts are published (part lag) and how long blocking playlist reloads
/// (<c>_HLS_msn</c>/<c>_HLS_part</c>) wait, by outcome. A growing share of <c>timeout</c> means parts are produced late
/// (docs/operations.md, "Metrics").
/// </summary>
public static class HlsMetrics
{
    public const string MeterName = "Stagecast.Hls";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> BlockingWait = Meter.CreateHistogram<double>(
        "stagecast.hls.playlist_blocking_wait", "s", "Time a blocking playlist reload waited, by outcome (satisfied, timeout, ended).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 6] });

    private static readonly Histogram<double> PartLag = Meter.CreateHistogram<double>(
        "stagecast.hls.part_lag", "s", "Time from the end of a part's media (its end on the program-date-time timeline: the capture clock) to its publication.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10] });

    /// <summary>Records a part published now whose media ends at <paramref name="partEnd"/> (wall clock; early clocks count as 0).</summary>
    public static void PartPublished(DateTimeOffset partEnd) =>
        PartLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - partEnd).TotalSeconds));

    /// <summary>Records a finished blocking wait that began at <paramref name="started"/> and passes <paramref name="result"/> on.</summary>
    public static bool BlockingWaitEnded(long started, string outcome, bool result)
    {
        BlockingWait.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        return result;
    }
}
