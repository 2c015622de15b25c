using System.Net;
using System.Text.Json;
using Stagecast.Cluster.Tests.Storm;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// kill -9 of the embedded gateway (silo and SQLite ledger in the same child process) in the middle of a gift storm
/// from real SignalR clients, with sandbox purchases in between, then a restart on the same data directory. Checked
/// against what the clients were told: every receipt is in the ledger exactly once with the balance the client saw,
/// a gift in flight at the kill is whole or absent, and after the clients retried with the same ids every balance
/// matches their own model and the ledger verifier is ok.
/// </summary>
public sealed class GatewayKillTests(ITestOutputHelper output)
{
    private const int Senders = 10;
    private const int GiftsPerSender = 150;
    private const long CreatorDiamondsPerGift = 2; // 50% of 5 coins, floored

    [Fact]
    public async Task Kill_9_mid_storm_loses_no_acknowledged_gift_and_leaves_nothing_half_applied()
    {
        using var data = new TempDirectory("stagecast-kill9");
        var first = await EmbeddedGateway.StartAsync("gateway-1", data.Path);
        EmbeddedGateway? second = null;
        var senders = new List<StormSender>();
        try
        {
            var (_, creatorToken) = await first.RegisterAsync();
            var roomId = await first.OpenLiveRoomAsync(creatorToken);
            var control = new StormControl(first.BaseAddress);
            for (var i = 0; i < Senders; i++)
            {
                var (userId, token) = await first.RegisterAsync();
                var sender = new StormSender(i, userId, token);
                senders.Add(sender);
                await sender.BuyAsync(control, "coins-700", 700);
            }

            var runs = senders.Select(s => Task.Run(() => s.RunAsync(control, roomId, GiftsPerSender))).ToArray();
            var storm = Task.WhenAll(runs);

            // Kill while receipts are still arriving: past 200, and rising again since the last look.
            await PollAsync(() => control.Acknowledged >= 200 || storm.IsCompleted, TimeSpan.FromSeconds(240), "200 receipts");
            Assert.False(storm.IsFaulted, storm.Exception?.ToString());
            var seen = control.Acknowledged;
            await PollAsync(() => control.Acknowledged >= seen + 15 || storm.IsCompleted, TimeSpan.FromSeconds(120), "receipts still rising");
            control.MarkKilled();
            first.Process.KillHard();
            Assert.True(first.Process.HasExited);
            var atKill = control.Acknowledged;
            Assert.True(atKill > seen, "receipts were not rising when the gateway was killed");
            Assert.True(atKill < Senders * GiftsPerSender, $"the storm was over ({atKill} receipts) before the kill");
            Assert.DoesNotContain(senders, s => s.Finished);

            // Every client's call in flight has failed and the client waits for the restart.
            await PollAsync(() => control.Parked == Senders, TimeSpan.FromSeconds(120), "every client parked");
            var acknowledged = control.Acknowledged;
            output.WriteLine($"killed at {atKill} receipts ({acknowledged} once every client noticed)");

            var ledger = new LedgerRows(new SqliteDatabase(Path.Combine(data.Path, "stagecast.db")));
            Assert.Empty(await ledger.TornRowsAsync());
            foreach (var sender in senders)
            {
                foreach (var (requestId, coins) in sender.Receipts)
                {
                    var rows = await ledger.GiftAsync(StormSender.GiftKey(sender.UserId, requestId));
                    Assert.Equal(new LedgerRows.GiftRows(1, 5, 1, coins), rows);
                }
            }
            var inFlight = senders.SelectMany(s => s.FailedGifts.Distinct()
                .Where(r => !s.Receipts.Any(x => x.RequestId == r))
                .Select(r => StormSender.GiftKey(s.UserId, r))).ToList();
            Assert.NotEmpty(inFlight);
            var applied = 0;
            foreach (var key in inFlight)
            {
                var rows = await ledger.GiftAsync(key);
                Assert.True(rows is (0, 0, 0, null) or (1, 5, 1, not null), $"{key} is half-applied: {rows}");
                applied += (int)rows.Transactions;
            }
            var giftRows = await ledger.CountAsync("SELECT COUNT(*) FROM ledger_tx WHERE kind = 'gift'");
            Assert.Equal(acknowledged + applied, giftRows);
            output.WriteLine($"{inFlight.Count} gifts in flight at the kill, {applied} of them committed without a receipt");

            second = await EmbeddedGateway.StartAsync("gateway-2", data.Path);
            control.Restarted(second.BaseAddress);
            var finished = await Task.WhenAny(storm, Task.Delay(TimeSpan.FromSeconds(300)));
            Assert.True(finished == storm, $"the storm did not finish after the restart ({control.Acknowledged} receipts)");
            await storm;

            Assert.Empty(senders.SelectMany(s => s.Mismatches));
            Assert.Empty(await ledger.TornRowsAsync());
            Assert.Equal(Senders * GiftsPerSender, await ledger.CountAsync("SELECT COUNT(*) FROM ledger_tx WHERE kind = 'gift'"));
            foreach (var sender in senders)
            {
                Assert.Equal(GiftsPerSender, sender.Receipts.Select(r => r.RequestId).Distinct().Count());
                var keys = await ledger.StringsAsync("SELECT tx_key FROM ledger_tx WHERE kind = 'gift' AND user_id = @k", sender.UserId);
                Assert.Equal(sender.Receipts.Select(r => StormSender.GiftKey(sender.UserId, r.RequestId)).ToHashSet(), keys);
                var paid = await ledger.StringsAsync("SELECT purchase_id FROM ledger_purchase WHERE status = 'paid' AND user_id = @k", sender.UserId);
                Assert.Equal(sender.PaidPurchases.ToHashSet(), paid);
            }
            foreach (var sender in senders)
            {
                var wallet = await second.WalletAsync(sender.Token);
                Assert.Equal(sender.ExpectedCoins, wallet.GetProperty("coins").GetInt64());
            }
            var creator = await second.WalletAsync(creatorToken);
            Assert.Equal(Senders * GiftsPerSender * CreatorDiamondsPerGift,
                creator.GetProperty("diamonds").GetInt64() + creator.GetProperty("pendingDiamonds").GetInt64());
            var (status, audit) = await second.VerifyLedgerAsync();
            Assert.True(status == HttpStatusCode.OK, audit);
            Assert.True(JsonDocument.Parse(audit).RootElement.GetProperty("ok").GetBoolean(), audit);
            output.WriteLine($"{senders.Sum(s => s.FailedGifts.Count)} gift calls and {senders.Sum(s => s.FailedConfirms.Count)} confirmations retried");
        }
        finally
        {
            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
            output.WriteLine(first.Process.Output);
            first.Dispose();
            if (second is not null)
            {
                output.WriteLine(second.Process.Output);
                second.Dispose();
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static async Task PollAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(5);
        }
    }
}
