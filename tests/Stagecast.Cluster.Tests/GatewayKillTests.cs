using Stagecast.Cluster.Tests.Storm;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;
using static Stagecast.Cluster.Tests.Storm.StormChecks;

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

    [Fact]
    public async Task Kill_9_mid_storm_loses_no_acknowledged_gift_and_leaves_nothing_half_applied()
    {
        using var data = new TempDirectory("stagecast-kill9");
        var first = await EmbeddedGateway.StartAsync("gateway-1", data.Path);
        EmbeddedGateway? second = null;
        var senders = new List<StormSender>();
        try
        {
            var (_, creatorToken) = await first.Api.RegisterAsync();
            var roomId = await first.Api.OpenLiveRoomAsync(creatorToken);
            var control = new StormControl(first.Api.BaseAddress);
            for (var i = 0; i < Senders; i++)
            {
                var (userId, token) = await first.Api.RegisterAsync();
                var sender = new StormSender(i, userId, token);
                senders.Add(sender);
                await sender.BuyAsync(control, "coins-700", 700);
            }

            var storm = Task.WhenAll(senders.Select(s => Task.Run(() => s.RunAsync(control, roomId, GiftsPerSender))));

            // Kill while receipts are still arriving: past 200, and rising again since the last look.
            await PollAsync(() => control.Acknowledged >= 200 || storm.IsCompleted, TimeSpan.FromSeconds(240), "200 receipts");
            Assert.False(storm.IsFaulted, storm.Exception?.ToString());
            var seen = control.Acknowledged;
            await PollAsync(() => control.Acknowledged >= seen + 15 || storm.IsCompleted, TimeSpan.FromSeconds(120), "receipts still rising");
            control.Park();
            first.Process.KillHard();
            Assert.True(first.Process.HasExited);
            var atKill = control.Acknowledged;
            Assert.True(atKill > seen, "receipts were not rising when the gateway was killed");
            Assert.True(atKill < Senders * GiftsPerSender, $"the storm was over ({atKill} receipts) before the kill");
            Assert.DoesNotContain(senders, s => s.Finished);

            // Every client's call in flight has failed and the client waits for the restart.
            await PollAsync(() => control.Parked == Senders, TimeSpan.FromSeconds(120), "every client parked");
            var acknowledged = control.Acknowledged;
            var ledger = new LedgerRows(new SqliteDatabase(Path.Combine(data.Path, "stagecast.db")));
            var (inFlight, committed) = await AssertCrashLeftNothingHalfDoneAsync(ledger, senders, acknowledged);
            Assert.NotEqual(0, inFlight);
            output.WriteLine($"killed at {atKill} receipts; {inFlight} gifts in flight, {committed} of them committed without a receipt");

            second = await EmbeddedGateway.StartAsync("gateway-2", data.Path);
            control.Resume(second.Api.BaseAddress);
            var finished = await Task.WhenAny(storm, Task.Delay(TimeSpan.FromSeconds(300)));
            Assert.True(finished == storm, $"the storm did not finish after the restart ({control.Acknowledged} receipts)");
            await storm;
            Assert.All(senders, s => Assert.Equal(GiftsPerSender, s.Receipts.Count));

            await AssertFinalStateAsync(second.Api, ledger, senders, creatorToken);
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
}
