using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// A silo is killed in the middle of concurrent gifting and a new one joins. Clients retry each unanswered gift
/// with the same request id: no acknowledged gift is lost and none is applied twice.
/// </summary>
public sealed class SiloKillTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_a_silo_mid_run_loses_no_acknowledged_gift_and_applies_none_twice()
    {
        using var data = new TempDirectory("stagecast-kill");
        var builder = new TestClusterBuilder(3);
        builder.Options.ServiceId = "kill-" + Guid.NewGuid().ToString("N")[..8];
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stagecast:StorageConnectionString"] = Path.Combine(data.Path, "ledger.db"),
            ["Stagecast:Economy:HoldWindow"] = "7.00:00:00",
        }));
        builder.AddSiloBuilderConfigurator<LedgerSiloConfigurator>();
        builder.AddClientBuilderConfigurator<LedgerClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var grains = cluster.Client;
            var scenario = new LoadScenario(grains, senders: 24, giftsPerSender: 40, tag: "kill");
            await scenario.FundAsync();
            var retries = 0;
            scenario.Retry = async call =>
            {
                var deadline = DateTime.UtcNow.AddSeconds(120);
                while (true)
                {
                    try
                    {
                        return await call();
                    }
                    catch (Exception) when (DateTime.UtcNow < deadline)
                    {
                        Interlocked.Increment(ref retries);
                        await Task.Delay(200);
                    }
                }
            };
            var run = scenario.RunAsync(async (wallet, order) => (GiftReceipt)await scenario.Retry(async () => await wallet.SendGift(order)));
            // Let some gifts through, then kill a silo that is not the primary (the primary hosts test membership).
            while (scenario.Acknowledged.Count < 200 && !run.IsCompleted)
            {
                await Task.Delay(20);
            }
            var victim = cluster.SecondarySilos[0];
            await cluster.KillSiloAsync(victim);
            await cluster.StartAdditionalSiloAsync();
            await run;
            output.WriteLine($"{scenario.Acknowledged.Count} gifts acknowledged, {retries} calls retried after the kill");

            await WalletKit.AssertLedgerHoldsAsync(grains);
            await scenario.AssertBalancesAsync();
            var database = new SqliteDatabase(Path.Combine(data.Path, "ledger.db"));
            Assert.Equal(scenario.Acknowledged.Count, await ConservationTests.CountGiftsAsync(database));
            Assert.True(scenario.Acknowledged.Count >= 800, $"only {scenario.Acknowledged.Count} gifts went through");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
