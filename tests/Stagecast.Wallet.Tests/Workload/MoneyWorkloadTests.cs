using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;
using static Stagecast.Wallet.Tests.Workload.MoneyModel;

namespace Stagecast.Wallet.Tests.Workload;

/// <summary>
/// A randomized money workload in the spirit of a Jepsen bank test: buyers buy packs, gift, and get partial refunds,
/// lost and won disputes, while the gateway (silo and SQLite ledger) is stopped under them several times and started
/// again on the same data. The end state is checked against a model built only from what clients were told.
/// Short by default; the long run is <c>MONEY_WORKLOAD_OPS=1000000 MONEY_WORKLOAD_FAULTS=10</c> (docs/ledger.md).
/// The faults here stop the gateway inside the test process with calls in flight; the same workload with kill -9 of
/// a gateway process and cash-outs is <see cref="MoneyKillWorkloadTests"/>.
/// </summary>
public sealed class MoneyWorkloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Randomized_money_workload_with_gateway_stops_matches_the_clients_model()
    {
        var ops = MoneyWorkload.Setting("MONEY_WORKLOAD_OPS", 2400);
        var faults = MoneyWorkload.Setting("MONEY_WORKLOAD_FAULTS", 3);
        var seed = MoneyWorkload.Setting("MONEY_WORKLOAD_SEED", Random.Shared.Next());
        output.WriteLine($"seed={seed} ops={ops} faults={faults}");
        var random = new Random(seed);
        using var data = new TempDirectory("stagecast-workload");
        var settings = new Dictionary<string, string?>
        {
            ["Stagecast:Economy:OperatorToken"] = WalletKit.OperatorToken,
            // The verifier reads the whole ledger: after a long run (90,000 operations) it took over the default 10 s.
            ["Stagecast:ResponseTimeout"] = "00:02:00",
        };
        var creators = Enumerable.Range(0, 3).Select(i => $"creator-{seed}-{i}").ToArray();
        var clients = Enumerable.Range(0, 16).Select(i => new MoneyClient(new Buyer($"buyer-{seed}-{i}"), creators, new Random(random.Next()))).ToArray();
        GatewayHost? host = null;
        var workload = new MoneyWorkload(ops, faults, random, clients);
        try
        {
            var grains = await workload.RunAsync(
                async () => (host = await GatewayHost.StartEmbeddedAsync(data.Path, settings)).Grains(),
                async () =>
                {
                    var stopping = host!;
                    host = null;
                    await stopping.DisposeAsync();
                });
            await CheckAsync(grains, clients.Select(c => c.Buyer).ToArray(), data.Path);
            output.WriteLine($"answered={workload.Answered} interrupted={workload.Interrupted} gifts={clients.Sum(c => c.Buyer.Gifts)} purchases={clients.Sum(c => c.Buyer.Purchases.Count)}");
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>The buyers' coins, minted coins, gifts per buyer and coin sales against the model built from the clients' answers.</summary>
    internal static async Task CheckAsync(IGrainFactory grains, Buyer[] buyers, string dataDirectory)
    {
        foreach (var buyer in buyers)
        {
            Assert.Equal(buyer.Net, (await grains.GetGrain<IWalletGrain>(buyer.Id).GetSummary()).Coins);
        }
        var audit = await WalletKit.AssertLedgerHoldsAsync(grains);
        Assert.Equal(MintedCoins(buyers), audit.MintedCoins);
        Task<long> Scalar(string sql) => WalletKit.LedgerScalarAsync(dataDirectory, sql);
        // Exactly once: the ledger holds as many gifts per buyer as the buyer was told were sent, and the coin sales
        // are the prices paid minus the cents taken back, as the model says.
        foreach (var buyer in buyers)
        {
            Assert.Equal(buyer.Gifts, await Scalar($"SELECT COUNT(*) FROM ledger_tx WHERE kind = 'gift' AND user_id = '{buyer.Id}'"));
        }
        Assert.Equal(-CoinSalesCents(buyers), await Scalar($"SELECT balance FROM ledger_balance WHERE account = '{LedgerAccounts.CoinSales}'"));
    }
}
