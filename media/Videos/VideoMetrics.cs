using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Stagecast.Media.Videos;

/// <summary>
/// The video processing meter ("Stagecast.Videos"): uploads waiting for a transcoder slot and being transcoded on this
/// process, how long they waited, and how long a job took by outcome (docs/operations.md, "Metrics").
/// </summary>
public static class VideoMetrics
{
    public const string MeterName = "Stagecast.Videos";

    private static readonly Meter Meter = new(MeterName);

    private static readonly UpDownCounter<long> Queued = Meter.CreateUpDownCounter<long>(
        "stagecast.videos.processing.queued", "{job}", "Processing jobs waiting for a transcoder slot on this process.");

    private static readonly UpDownCounter<long> Running = Meter.CreateUpDownCounter<long>(
        "stagecast.videos.processing.running", "{job}", "Processing jobs holding a transcoder slot (ffmpeg running) on this process.");

    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "stagecast.videos.processing.queue_wait", "s", "Time a processing job waited for a transcoder slot.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 5, 15, 30, 60, 120, 300, 600, 1800] });

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "stagecast.videos.processing.duration", "s", "Time a processing job held its slot, by outcome (ready, failed, canceled).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600] });

    /// <summary>A job starts waiting for a slot; returns its start for <see cref="LeftQueue"/>.</summary>
    public static long EnteredQueue()
    {
        Queued.Add(1);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>The job got its slot (or gave up waiting); returns the start of its run for <see cref="Ended"/>.</summary>
    public static long LeftQueue(long queuedAt, bool gotSlot)
    {
        Queued.Add(-1);
        if (gotSlot)
        {
            QueueWait.Record(Stopwatch.GetElapsedTime(queuedAt).TotalSeconds);
            Running.Add(1);
        }
        return Stopwatch.GetTimestamp();
    }

    public static void Ended(long startedAt, string outcome)
    {
        Running.Add(-1);
        Duration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }
}
