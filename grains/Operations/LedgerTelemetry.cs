using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Stagecast.Grains.Operations;

/// <summary>
/// The ledger writer's span and histograms, under the ledger's meter and source name ("Stagecast.Ledger"): one
/// <c>ledger.commit</c> span per batch (tags: batch size, commit seconds, outcome) when a tracer listens, and the
/// distributions of commit latency and batch size. Both cost next to nothing when nobody listens.
/// </summary>
public static class LedgerTelemetry
{
    public const string Name = LedgerMetrics.MeterName;

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "stagecast.ledger.commit.duration", "s", "Time from BEGIN to the end of COMMIT of one ledger batch (durable before anyone is answered).");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "stagecast.ledger.batch.size", "{command}", "Ledger commands in one committed batch.");

    /// <summary>Records a committed batch on its span (if any) and in the histograms.</summary>
    public static void Committed(Activity? span, int commands, long startedTicks, long committingTicks, long doneTicks)
    {
        var total = (double)(doneTicks - startedTicks) / Stopwatch.Frequency;
        CommitDuration.Record(total);
        BatchSize.Record(commands);
        if (span is not null)
        {
            span.SetTag("stagecast.ledger.batch.size", commands);
            span.SetTag("stagecast.ledger.commit.seconds", (double)(doneTicks - committingTicks) / Stopwatch.Frequency);
            span.SetTag("stagecast.ledger.work.seconds", (double)(committingTicks - startedTicks) / Stopwatch.Frequency);
        }
    }
}
