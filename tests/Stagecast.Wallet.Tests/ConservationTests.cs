using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>Thousands of concurrent gifts into one hot creator, with purchases and refunds interleaved: every invariant holds throughout.</summary>
public sealed class ConservationTests
{
    [Fact]
    public Task Conservation_under_concurrency_on_sqlite() => RunAsync(new Dictionary<string, string?>());

    [Fact]
    public async Task Conservation_under_concurrency_on_postgres() => await RunAsync(new Dictionary<string, string?>
    {
        ["Stagecast:StorageProvider"] = "Postgres",
        ["Stagecast:StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync("ledger"),
    });

    private static async Task RunAsync(Dictionary<string, string?> settings)
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: settings);
        var grains = host.Grains();
        var scenario = new LoadScenario(grains, senders: 48, giftsPerSender: 50, tag: Guid.NewGuid().ToString("N")[..8]);
        await scenario.FundAsync();

        using var stop = new CancellationTokenSource();
        var samples = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await WalletKit.AssertLedgerHoldsAsync(grains);
                samples++;
                await Task.Delay(100);
            }
        });
        await scenario.RunAsync();
        stop.Cancel();
        await sampler;

        var audit = await WalletKit.AssertLedgerHoldsAsync(grains);
        Assert.True(samples >= 1);
        Assert.True(scenario.Acknowledged.Count >= 2000, $"only {scenario.Acknowledged.Count} gifts went through");
        await scenario.AssertBalancesAsync();
        Assert.Equal(scenario.Acknowledged.Count, await CountGiftsAsync(host.Services.GetRequiredService<IRelationalDatabase>()));
        Assert.Equal(scenario.Credited.Values.Sum() - scenario.Reversed.Values.Sum(), audit.MintedCoins);
    }

    internal static async Task<long> CountGiftsAsync(IRelationalDatabase database)
    {
        await using DbConnection connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ledger_tx WHERE kind = 'gift'";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
