using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>Thousands of concurrent gifts into one hot creator, with purchases and refunds interleaved: every invariant holds throughout.</summary>
public sealed class ConservationTests
{
    [Fact]
    public async Task Conservation_under_concurrency_on_sqlite() => Assert.Equal(1, (await RunAsync(new Dictionary<string, string?> { ["Stagecast:Economy:LedgerWriters"] = "4" })).Shards);

    [Fact]
    public async Task Conservation_under_concurrency_on_postgres() => Assert.Equal(1, (await RunAsync(new Dictionary<string, string?>
    {
        ["Stagecast:StorageProvider"] = "Postgres",
        ["Stagecast:StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync("ledger"),
        ["Stagecast:Economy:LedgerWriters"] = "1",
        ["Stagecast:Economy:LedgerPipeline"] = "false",
    })).PeakInFlight);

    /// <summary>
    /// One writer shard that pipelines: batch N+1 runs on the shard's second connection while N commits. At most two
    /// are in flight, and they did overlap; one sender's gifts never share the two open transactions (balances exact).
    /// </summary>
    [Fact]
    public async Task Conservation_under_concurrency_with_a_pipelined_writer_on_postgres() => Assert.Equal(2, (await RunAsync(new Dictionary<string, string?>
    {
        ["Stagecast:StorageProvider"] = "Postgres",
        ["Stagecast:StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync("ledger"),
        ["Stagecast:Economy:LedgerWriters"] = "1",
        ["Stagecast:Economy:LedgerPipeline"] = "true",
    })).PeakInFlight);

    /// <summary>Four writer shards, each with batches in flight on its own connection, over the same hot creator.</summary>
    [Fact]
    public async Task Conservation_under_concurrency_with_sharded_writers_on_postgres()
    {
        var writer = await RunAsync(new Dictionary<string, string?>
        {
            ["Stagecast:StorageProvider"] = "Postgres",
            ["Stagecast:StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync("ledger"),
            ["Stagecast:Economy:LedgerWriters"] = "4",
        });
        Assert.Equal(4, writer.Shards);
        // The shards really overlapped: more than one batch was between BEGIN and COMMIT at once.
        Assert.True(writer.PeakInFlight > 1, $"peak batches in flight: {writer.PeakInFlight}");
    }

    private static async Task<LedgerWriter> RunAsync(Dictionary<string, string?> settings)
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
        return host.Services.GetRequiredService<LedgerService>().Writer;
    }

    internal static async Task<long> CountGiftsAsync(IRelationalDatabase database)
    {
        await using DbConnection connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ledger_tx WHERE kind = 'gift'";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
