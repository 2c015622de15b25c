using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Operations;

/// <summary>
/// The ledger's meter ("Stagecast.Ledger"), read from the group-commit writer's own counters so the commit path
/// carries no extra work: batch size is rate(commands) / rate(batches), commit latency is
/// rate(commit seconds) / rate(batches).
/// </summary>
public sealed class LedgerMetrics(IMeterFactory meters, LedgerService ledger) : IHostedService
{
    public const string MeterName = "Stagecast.Ledger";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var writer = ledger.Writer;
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("stagecast.ledger.batches", () => Volatile.Read(ref writer.Batches), "{batch}", "Committed ledger transactions.");
        meter.CreateObservableCounter("stagecast.ledger.commands", () => Volatile.Read(ref writer.Commands), "{command}", "Ledger commands (gifts, purchases, cash-outs) in committed batches.");
        meter.CreateObservableCounter("stagecast.ledger.commit.time", () => (double)Volatile.Read(ref writer.CommitTicks) / Stopwatch.Frequency, "s", "Time spent in COMMIT, summed over batches.");
        meter.CreateObservableCounter("stagecast.ledger.work.time", () => (double)Volatile.Read(ref writer.WorkTicks) / Stopwatch.Frequency, "s", "Time spent running batches before COMMIT, summed.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
