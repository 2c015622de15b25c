using System.Diagnostics;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;

namespace Stagecast.Wallet.Bench;

/// <summary>
/// Times the operator check over a ledger that a bench run left behind (SQLite file or PostgreSQL database), the way
/// <c>IPaymentsGrain.Verify</c> runs it, with the size of the ledger and the load average beside each pass.
/// </summary>
public static class VerifyOnly
{
    public static async Task RunAsync(string? data, string? postgres, int repeat)
    {
        IRelationalDatabase database = postgres is not null
            ? new PostgresDatabase(postgres)
            : new SqliteDatabase(Path.Combine(data ?? throw new ArgumentException("--verify-only needs --data DIR or --postgres"), "stagecast.db"));
        Console.WriteLine($"storage={database.Kind} cores={Environment.ProcessorCount}");
        var clock = Stopwatch.StartNew();
        await PaymentsSchema.EnsureAsync(database);
        await Grains.Subscriptions.SubscriptionSchema.EnsureAsync(database);
        Console.WriteLine($"schema ensured in {clock.ElapsedMilliseconds} ms");
        for (var i = 0; i < repeat; i++)
        {
            var load = Load();
            clock.Restart();
            var audit = await LedgerVerifier.VerifyAsync(new LedgerReader(database));
            Console.WriteLine($"pass {i + 1}: {clock.ElapsedMilliseconds} ms ok={audit.Ok} transactions={audit.Transactions} entries={audit.Entries} "
                + $"load={load}->{Load()} {string.Join("; ", audit.Violations.Take(3))}");
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
