using Stagecast.Contracts.Wallet;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;
using static Stagecast.Wallet.Tests.Workload.MoneyModel;

namespace Stagecast.Wallet.Tests.Workload;

/// <summary>
/// The randomized money workload against the embedded gateway as a child process, killed with SIGKILL several times
/// with calls in flight and started again on the same data directory. Buyers buy, gift, and get refunds and disputes
/// as in <see cref="MoneyWorkloadTests"/>; creators cash out through the Stripe-compatible fake, which refuses every
/// transfer to one creator's account. After recovery: the buyers' model holds (acknowledged => durable, exactly once),
/// the verifier is ok, every cash-out a creator was told "paid" is paid in the ledger with exactly one Stripe transfer,
/// every one told "failed" has none, and Stripe made no transfer the ledger does not show as paid.
/// </summary>
public sealed class MoneyKillWorkloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Randomized_money_workload_with_kill_9_and_refused_transfers_matches_the_clients_model()
    {
        var ops = MoneyWorkload.Setting("MONEY_KILL_WORKLOAD_OPS", 1600);
        var faults = MoneyWorkload.Setting("MONEY_KILL_WORKLOAD_FAULTS", 2);
        var seed = MoneyWorkload.Setting("MONEY_WORKLOAD_SEED", Random.Shared.Next());
        // More buyers keep more calls in flight: the long run (10^6 operations) is bound by round trips, not by CPU.
        var buyerCount = Math.Max(1, MoneyWorkload.Setting("MONEY_KILL_WORKLOAD_BUYERS", 12));
        output.WriteLine($"seed={seed} ops={ops} kills={faults} buyers={buyerCount}");
        var random = new Random(seed);
        using var data = new TempDirectory("stagecast-kill-workload");
        await using var stripe = await StripeFake.StartAsync();
        var creators = Enumerable.Range(0, 3).Select(i => new MoneyCreator($"creator-{seed}-{i}", $"acct_workload_{seed}_{i}", refused: i == 0, new Random(random.Next()))).ToArray();
        stripe.FailTransfersTo[creators[0].AccountId] = true;
        var buyers = Enumerable.Range(0, buyerCount).Select(i => new MoneyClient(new Buyer($"buyer-{seed}-{i}"), creators.Select(c => c.Id).ToArray(), new Random(random.Next()))).ToArray();
        var settings = new Dictionary<string, string>
        {
            ["Stagecast__Economy__OperatorToken"] = WalletKit.OperatorToken,
            ["Stagecast__Economy__HoldWindow"] = "00:00:00",
            ["Stagecast__Economy__MinimumCashoutDiamonds"] = MoneyCreator.MinimumCashout.ToString(),
            ["Stagecast__Stripe__SecretKey"] = "sk_test_fake",
            ["Stagecast__Stripe__WebhookSecret"] = StripeEvents.Secret,
            ["Stagecast__Stripe__ApiBase"] = stripe.BaseUrl,
            ["Stagecast__Stripe__TransferTimeout"] = "00:00:02",
            ["Stagecast__Stripe__TransferRetryFirst"] = "00:00:00.200",
            ["Stagecast__Stripe__TransferRetryMax"] = "00:00:01",
            ["Stagecast__ResponseTimeout"] = "00:10:00", // the silo side of the final verification (see GatewayProcess)
        };
        GatewayProcess? gateway = null;
        var starts = 0;
        var workload = new MoneyWorkload(ops, faults, random, [.. buyers, .. creators]);
        try
        {
            var grains = await workload.RunAsync(
                async () => (gateway = await GatewayProcess.StartAsync($"gateway-{++starts}", data.Path, settings)).Grains,
                async () =>
                {
                    Assert.False(gateway!.Process.HasExited, "the gateway died before the kill");
                    await gateway.KillHardAsync();
                    await gateway.DisposeAsync();
                });
            Assert.Equal(faults + 1, starts);
            await MoneyWorkloadTests.CheckAsync(grains, buyers.Select(b => b.Buyer).ToArray(), data.Path);
            await CheckCashoutsAsync(creators, stripe, data.Path);
            output.WriteLine($"answered={workload.Answered} interrupted={workload.Interrupted} gifts={buyers.Sum(c => c.Buyer.Gifts)} "
                + $"paid={creators.Sum(c => c.Paid.Count)} failed={creators.Sum(c => c.Failed.Count)} transfers={stripe.Transfers.Count}");
        }
        finally
        {
            if (gateway is not null)
            {
                output.WriteLine(gateway.Process.Output);
                await gateway.DisposeAsync();
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static async Task CheckCashoutsAsync(MoneyCreator[] creators, StripeFake stripe, string dataDirectory)
    {
        Task<long> Scalar(string sql) => WalletKit.LedgerScalarAsync(dataDirectory, sql);
        Assert.NotEmpty(creators[0].Failed);
        Assert.NotEmpty(creators.Skip(1).SelectMany(c => c.Paid));
        foreach (var creator in creators)
        {
            foreach (var (id, diamonds) in creator.Paid)
            {
                Assert.Equal(diamonds, await Scalar($"SELECT diamonds FROM ledger_cashout WHERE cashout_id = '{id}' AND status = 'paid'"));
                Assert.Single(stripe.Transfers, t => t.Value == id);
            }
            foreach (var id in creator.Failed.Keys)
            {
                Assert.Equal(1, await Scalar($"SELECT COUNT(*) FROM ledger_cashout WHERE cashout_id = '{id}' AND status = 'failed'"));
                Assert.DoesNotContain(stripe.Transfers, t => t.Value == id);
            }
            // The refused creator never got paid; nothing of theirs is left reserved.
            if (creator.Refused)
            {
                Assert.Equal(0, await Scalar($"SELECT COUNT(*) FROM ledger_cashout WHERE user_id = '{creator.Id}' AND status <> 'failed'"));
            }
        }
        // Every transfer Stripe made belongs to a cash-out the ledger shows as paid, one transfer each.
        Assert.Equal(stripe.Transfers.Count, await Scalar("SELECT COUNT(*) FROM ledger_cashout WHERE status = 'paid'"));
        foreach (var group in stripe.Transfers.Values)
        {
            Assert.Equal(1, await Scalar($"SELECT COUNT(*) FROM ledger_cashout WHERE cashout_id = '{group}' AND status = 'paid'"));
        }
    }
}
