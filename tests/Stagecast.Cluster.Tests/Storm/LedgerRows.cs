using System.Data.Common;
using Stagecast.Grains.Storage;

namespace Stagecast.Cluster.Tests.Storm;

/// <summary>Reads the ledger's rows directly (not through the platform) to check what a crash left behind.</summary>
public sealed class LedgerRows(RelationalDatabase database)
{
    /// <summary>How many rows one gift left: its transaction, its entries and its hold, and the balance stored with it.</summary>
    public sealed record GiftRows(long Transactions, long Entries, long Holds, long? Result);

    /// <summary>A gift's own entries: its coin legs (its diamond legs are in its batch's gift-diamonds transaction).</summary>
    public const long GiftEntries = 2;

    public async Task<GiftRows> GiftAsync(string key)
    {
        await using var connection = await database.OpenAsync();
        return new GiftRows(
            await ScalarAsync(connection, "SELECT COUNT(*) FROM ledger_tx WHERE tx_key = @k", key),
            await ScalarAsync(connection, "SELECT COUNT(*) FROM ledger_entry WHERE tx_key = @k", key),
            await ScalarAsync(connection, "SELECT COUNT(*) FROM ledger_hold WHERE tx_key = @k", key),
            await NullableScalarAsync(connection, "SELECT result FROM ledger_tx WHERE tx_key = @k", key));
    }

    public async Task<long> CountAsync(string sql, string? parameter = null)
    {
        await using var connection = await database.OpenAsync();
        return await ScalarAsync(connection, sql, parameter);
    }

    public async Task<HashSet<string>> StringsAsync(string sql, string parameter)
    {
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, sql, parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new HashSet<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    /// <summary>Rows no committed transaction can leave: entries or holds without their transaction, gifts not whole, unbalanced transactions.</summary>
    public async Task<IReadOnlyList<string>> TornRowsAsync()
    {
        var checks = new Dictionary<string, string>
        {
            ["entries without a transaction"] = "SELECT COUNT(*) FROM ledger_entry e WHERE NOT EXISTS (SELECT 1 FROM ledger_tx t WHERE t.tx_key = e.tx_key)",
            ["holds without a transaction"] = "SELECT COUNT(*) FROM ledger_hold h WHERE NOT EXISTS (SELECT 1 FROM ledger_tx t WHERE t.tx_key = h.tx_key)",
            ["gifts without their two coin entries"] = "SELECT COUNT(*) FROM ledger_tx t WHERE t.kind = 'gift' AND (SELECT COUNT(*) FROM ledger_entry e WHERE e.tx_key = t.tx_key) <> 2",
            ["diamond batches without entries"] = "SELECT COUNT(*) FROM ledger_tx t WHERE t.kind = 'gift-diamonds' AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.tx_key = t.tx_key)",
            ["gifts without a hold"] = "SELECT COUNT(*) FROM ledger_tx t WHERE t.kind = 'gift' AND NOT EXISTS (SELECT 1 FROM ledger_hold h WHERE h.tx_key = t.tx_key)",
            ["unbalanced transactions"] = "SELECT COUNT(*) FROM (SELECT tx_key, currency FROM ledger_entry GROUP BY tx_key, currency HAVING SUM(amount) <> 0) u",
        };
        var torn = new List<string>();
        foreach (var (what, sql) in checks)
        {
            if (await CountAsync(sql) is var n and > 0)
            {
                torn.Add($"{n} {what}");
            }
        }
        return torn;
    }

    private static DbCommand Command(DbConnection connection, string sql, string? parameter)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@k";
            p.Value = parameter;
            command.Parameters.Add(p);
        }
        return command;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, string? parameter)
    {
        await using var command = Command(connection, sql, parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<long?> NullableScalarAsync(DbConnection connection, string sql, string parameter)
    {
        await using var command = Command(connection, sql, parameter);
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value) : null;
    }
}
