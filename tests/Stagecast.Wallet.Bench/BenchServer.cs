using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Wallet;
using Stagecast.Gateway.Accounts;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Bench;

/// <summary>The embedded gateway with funded senders and (hub mode) a live room.</summary>
public sealed class BenchServer : IAsyncDisposable
{
    private BenchServer(GatewayHost host, BenchSetup setup)
    {
        Host = host;
        Setup = setup;
    }

    public GatewayHost Host { get; }

    public BenchSetup Setup { get; }

    public static async Task<BenchServer> StartAsync(string? postgres, string mode, int senders, int? writers = null, string? data = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Stagecast:Economy:OperatorToken"] = "bench",
            ["Stagecast:Economy:LedgerWriters"] = writers?.ToString(),
        };
        if (postgres is not null)
        {
            await using var admin = new Npgsql.NpgsqlConnection(postgres);
            await admin.OpenAsync();
            var name = "bench_" + Guid.NewGuid().ToString("N")[..8];
            await using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE {name}";
            await create.ExecuteNonQueryAsync();
            settings["Stagecast:StorageProvider"] = "Postgres";
            settings["Stagecast:StorageConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = name, MaxPoolSize = 200 }.ToString();
            // Kept after the run (as every bench database is): --verify-only can time the operator check over it later.
            Console.WriteLine($"postgres database={name}");
        }
        var host = await GatewayHost.StartEmbeddedAsync(data, settings);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var issuer = host.Services.GetRequiredService<TokenIssuer>();
        // Real accounts, created through the user grain (one PBKDF2 hash shared, since nobody logs in) with real tokens.
        var hash = Passwords.Hash("bench", "correct horse battery");
        var ids = new string[senders];
        var tokens = new string[senders];
        var run = Guid.NewGuid().ToString("N")[..6];
        await Parallel.ForEachAsync(Enumerable.Range(0, senders), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var id = mode == "hub" ? $"u-bench-{run}-{i}" : $"bench-sender-{i}";
            if (mode == "hub")
            {
                await grains.GetGrain<IUserGrain>(id).Create($"bench{run}{i}", $"Bench sender {i}", hash);
                tokens[i] = issuer.Issue(id, $"bench{run}{i}", await grains.GetGrain<IUserGrain>(id).GetSessionVersion());
            }
            ids[i] = id;
            for (var p = 0; p < 3; p++)
            {
                var ticket = await grains.GetGrain<IWalletGrain>(id).StartPurchase("coins-7000");
                await grains.GetGrain<IPaymentsGrain>(0).Apply(new PaymentSignal("bench:" + ticket!.PurchaseId, PaymentSignalKind.Paid, ticket.PurchaseId, null, null, "bench.paid"));
            }
        });
        var roomId = "bench-room";
        var creator = "bench-hot-creator";
        if (mode == "hub")
        {
            var room = await host.OpenRoomAsync("bench");
            (creator, roomId) = (room.HostId, room.RoomId);
        }
        return new BenchServer(host, new BenchSetup(host.BaseAddress.ToString(), roomId, creator, ids, tokens));
    }

    public async Task<BenchStats> StatsAsync(bool audit)
    {
        var writer = Host.Services.GetRequiredService<LedgerService>().Writer;
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var check = audit ? await Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IPaymentsGrain>(0).Verify() : null;
        return new BenchStats(writer.Batches, writer.Commands, Ms(writer.BeginTicks), Ms(writer.WorkTicks), Ms(writer.CommitTicks),
            check?.Ok ?? false, check?.Transactions ?? 0, check?.Entries ?? 0, string.Join("; ", check?.Violations.Take(3) ?? []),
            Ms(writer.ReadTicks), Ms(writer.FlushTicks), audit ? await CountGiftRowsAsync() : 0);
    }

    /// <summary>Gift transactions in the ledger, read with SQL: compared with the gifts the clients saw acknowledged.</summary>
    private async Task<long> CountGiftRowsAsync()
    {
        await using var connection = await Host.Services.GetRequiredService<Stagecast.Grains.Storage.IRelationalDatabase>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ledger_tx WHERE kind = 'gift'";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
