using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// The verifier that every money test ends with must be able to say no: a real ledger (a purchase paid through
/// the gateway) is copied, one row of each copy is corrupted, and each corruption is reported.
/// </summary>
public sealed class VerifierCanFailTests
{
    [Fact]
    public async Task Each_corrupted_copy_of_a_real_ledger_is_reported()
    {
        using var data = new TempDirectory("stagecast-verifier");
        string userId;
        await using (var host = await GatewayHost.StartEmbeddedAsync(data.Path))
        {
            (userId, _) = await host.RegisterAsync();
            await WalletKit.FundAsync(host.Grains(), userId);
            var gift = new GiftOrder("r", "creator-" + userId, "finger-heart", 2, "g1");
            Assert.Equal(GiftStatus.Sent, (await host.Grains().GetGrain<IWalletGrain>(userId).SendGift(gift)).Status);
            await WalletKit.AssertLedgerHoldsAsync(host.Grains());
        }
        var source = Path.Combine(data.Path, "stagecast.db");
        Assert.True(File.Exists(source), source);

        // The untouched copy holds: the corruptions below are what the verifier reports, nothing else.
        var clean = await CopyAsync(source, data.Path, "clean");
        var audit = await LedgerVerifier.VerifyAsync(new LedgerReader(new SqliteDatabase(clean)));
        Assert.True(audit.Ok, string.Join("\n", audit.Violations));
        Assert.True(audit.Entries > 0);

        var coins = LedgerAccounts.Coins(userId);
        var cases = new (string Name, string Sql, string Reported)[]
        {
            // One entry of the purchase changed: its transaction no longer sums to zero.
            ("unbalanced", $"UPDATE ledger_entry SET amount = amount + 1 WHERE account = '{coins}'", "does not balance"),
            // The buyer's stored coin balance below zero.
            ("negative", $"UPDATE ledger_balance SET balance = -5 WHERE account = '{coins}'", $"account {coins} is negative"),
            // The same idempotency key twice (possible only once the table lost its primary key, as here).
            ("duplicate key", """
                CREATE TABLE ledger_tx_copy AS SELECT * FROM ledger_tx;
                DROP TABLE ledger_tx;
                ALTER TABLE ledger_tx_copy RENAME TO ledger_tx;
                INSERT INTO ledger_tx SELECT * FROM ledger_tx WHERE tx_key = (SELECT MIN(tx_key) FROM ledger_tx);
                """, "is recorded 2 times"),
            // A batch's gifts booked one diamond more as issued than they gifted coins, shifted to commission: the
            // transaction still balances and the stored balances follow, so only the gift check can see it.
            ("gift diamonds", $"""
                UPDATE ledger_entry SET amount = amount - 1 WHERE account = '{LedgerAccounts.DiamondIssuance}' AND tx_key LIKE '{GiftDiamonds.Kind}:%';
                UPDATE ledger_entry SET amount = amount + 1 WHERE account = '{LedgerAccounts.Commission}' AND tx_key LIKE '{GiftDiamonds.Kind}:%';
                UPDATE ledger_balance SET balance = balance - 1 WHERE account = '{LedgerAccounts.DiamondIssuance}';
                UPDATE ledger_balance SET balance = balance + 1 WHERE account = '{LedgerAccounts.Commission}';
                """, "gifts issued"),
        };
        foreach (var (name, sql, reported) in cases)
        {
            var copy = await CopyAsync(source, data.Path, name.Replace(' ', '-'));
            await using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                Assert.True(await command.ExecuteNonQueryAsync() > 0, $"{name}: the corruption changed no row");
            }
            var corrupted = await LedgerVerifier.VerifyAsync(new LedgerReader(new SqliteDatabase(copy)));
            Assert.False(corrupted.Ok, $"{name}: not reported");
            Assert.Contains(corrupted.Violations, v => v.Contains(reported, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_audit_reads_one_snapshot_and_never_holds_off_the_ledger_writer()
    {
        using var data = new TempDirectory("stagecast-verifier-snapshot");
        await using var host = await GatewayHost.StartEmbeddedAsync(data.Path);
        var (userId, _) = await host.RegisterAsync();
        await WalletKit.FundAsync(host.Grains(), userId);
        var wallet = host.Grains().GetGrain<IWalletGrain>(userId);
        Assert.Equal(GiftStatus.Sent, (await wallet.SendGift(new GiftOrder("r", "creator-" + userId, "finger-heart", 1, "before"))).Status);

        // The audit's read transaction is open and has read (its snapshot is fixed) ...
        await using var connection = await host.Services.GetRequiredService<IRelationalDatabase>().OpenAsync();
        var audit = await LedgerVerifier.BeginReadAsync(connection);
        var seen = await GiftsAsync(connection, audit);
        Assert.Equal(1, seen);

        // ... while a gift commits: the writer needs the file's write lock, which a BEGIN IMMEDIATE audit held until it
        // ended (the gift then failed after the busy timeout).
        Assert.Equal(GiftStatus.Sent, (await wallet.SendGift(new GiftOrder("r", "creator-" + userId, "finger-heart", 1, "during"))).Status);

        // The audit still reads the ledger as it was when it began; the next one sees the gift.
        Assert.Equal(seen, await GiftsAsync(connection, audit));
        await audit.CommitAsync();
        await audit.DisposeAsync();
        var after = await LedgerVerifier.BeginReadAsync(connection);
        Assert.Equal(seen + 1, await GiftsAsync(connection, after));
        await after.CommitAsync();
        await after.DisposeAsync();
        await WalletKit.AssertLedgerHoldsAsync(host.Grains());
    }

    private static async Task<long> GiftsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM ledger_tx WHERE kind = 'gift'";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>A consistent copy of a SQLite database (VACUUM INTO takes the WAL's content along).</summary>
    private static async Task<string> CopyAsync(string source, string directory, string name)
    {
        var target = Path.Combine(directory, $"copy-{name}.db");
        await using var connection = new SqliteConnection($"Data Source={source};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"VACUUM INTO '{target}'";
        await command.ExecuteNonQueryAsync();
        return target;
    }
}
