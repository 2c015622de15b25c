using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Operations;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// A gift writes its coin legs in its own transaction and its diamond legs into one gift-diamonds transaction per
/// batch: the rows say so, the sums per creator match the gifts, every batch shows up as a <c>ledger.commit</c> span
/// and in the commit-latency and batch-size histograms.
/// </summary>
public sealed class GiftDiamondsTests
{
    [Fact]
    public async Task Concurrent_gifts_book_their_diamonds_once_per_batch_and_each_batch_is_traced()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == LedgerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        long batchSizes = 0, latencies = 0;
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == LedgerTelemetry.Name && instrument.Name is "stagecast.ledger.batch.size" or "stagecast.ledger.commit.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<int>((_, size, _, _) => Interlocked.Add(ref batchSizes, size));
        meters.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            if (seconds > 0)
            {
                Interlocked.Increment(ref latencies);
            }
        });
        meters.Start();

        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?> { ["Stagecast:Economy:OperatorToken"] = WalletKit.OperatorToken });
        var grains = host.Grains();
        var tag = Guid.NewGuid().ToString("N")[..8];
        string[] creators = [$"c1-{tag}", $"c2-{tag}"];
        var senders = Enumerable.Range(0, 24).Select(i => $"s{i}-{tag}").ToArray();
        await Task.WhenAll(senders.Select(s => WalletKit.FundAsync(grains, s, "coins-350")));
        // 24 senders at once, 10 gifts each of 5 coins (2 diamonds to the creator, 3 to the platform), alternating creators.
        await Task.WhenAll(senders.Select(async s =>
        {
            for (var i = 0; i < 10; i++)
            {
                var receipt = await grains.GetGrain<IWalletGrain>(s).SendGift(new GiftOrder("r-" + tag, creators[i % 2], "finger-heart", 1, $"g{i}"));
                Assert.Equal(GiftStatus.Sent, receipt.Status);
            }
        }));
        await WalletKit.AssertLedgerHoldsAsync(grains);

        Task<long> Scalar(string sql) => WalletKit.LedgerScalarAsync(host.DataDirectory, sql);
        var gifts = $"SELECT tx_key FROM ledger_tx WHERE kind = 'gift' AND user_id LIKE '%-{tag}'";
        Assert.Equal(240, await Scalar($"SELECT COUNT(*) FROM ({gifts})"));
        // Each gift's own transaction: exactly its two coin legs (before: five legs per gift).
        Assert.Equal(480, await Scalar($"SELECT COUNT(*) FROM ledger_entry WHERE tx_key IN ({gifts})"));
        Assert.Equal(240 * 5, await Scalar($"SELECT SUM(amount) FROM ledger_entry WHERE tx_key IN ({gifts}) AND account = '{LedgerAccounts.CoinsGifted}'"));
        // The diamond legs: in gift-diamonds transactions, whose results count every gift once, with 2 diamonds per gift per creator.
        var batches = await Scalar($"SELECT COUNT(*) FROM ledger_tx WHERE kind = '{GiftDiamonds.Kind}'");
        Assert.InRange(batches, 1, 240);
        Assert.Equal(240, await Scalar($"SELECT SUM(result) FROM ledger_tx WHERE kind = '{GiftDiamonds.Kind}'"));
        foreach (var creator in creators)
        {
            Assert.Equal(120 * 2, await Scalar(
                $"SELECT SUM(e.amount) FROM ledger_entry e JOIN ledger_tx t ON t.tx_key = e.tx_key WHERE t.kind = '{GiftDiamonds.Kind}' AND e.account = '{LedgerAccounts.PendingDiamonds(creator)}'"));
            Assert.Equal(120 * 2, (await grains.GetGrain<IWalletGrain>(creator).GetSummary()).PendingDiamonds);
        }

        // Every committed batch was traced and measured: spans carry their size, and the sizes add up to at least the commands sent.
        var commits = spans.Where(s => s.OperationName == "ledger.commit" && s.Status != ActivityStatusCode.Error).ToArray();
        Assert.NotEmpty(commits);
        Assert.True(commits.Sum(s => (int)s.GetTagItem("stagecast.ledger.batch.size")!) >= 24 + 240);
        Assert.All(commits, s => Assert.True((double)s.GetTagItem("stagecast.ledger.commit.seconds")! > 0));
        meters.RecordObservableInstruments();
        Assert.True(Interlocked.Read(ref batchSizes) >= 24 + 240, $"batch sizes recorded: {batchSizes}");
        Assert.True(Interlocked.Read(ref latencies) >= commits.Length, $"latencies recorded: {latencies}");
    }
}
