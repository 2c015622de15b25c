using System.Data.Common;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Storage;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>Reads of committed ledger data: balances, statements, earnings, cash-outs.</summary>
public sealed class LedgerReader(IRelationalDatabase database)
{
    public async Task<Dictionary<string, long>> BalancesAsync(IReadOnlyList<string> accounts)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        var names = accounts.Select((a, i) => "@a" + i).ToArray();
        for (var i = 0; i < accounts.Count; i++)
        {
            LedgerBatch.Add(command, names[i], accounts[i]);
        }
        command.CommandText = $"SELECT account, balance FROM ledger_balance WHERE account IN ({string.Join(",", names)})";
        var result = accounts.ToDictionary(a => a, _ => 0L);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }
        return result;
    }

    public async Task<WalletSummary> SummaryAsync(string userId)
    {
        var b = await BalancesAsync(OfUser(userId));
        var owed = b[CoinReceivable(userId)];
        return new WalletSummary(b[Coins(userId)] + owed, b[AvailableDiamonds(userId)], b[PendingDiamonds(userId)], b[ReservedDiamonds(userId)], owed == 0);
    }

    public async Task<long?> TransactionResultAsync(string key)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT result FROM ledger_tx WHERE tx_key = @k";
        LedgerBatch.Add(command, "@k", key);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToInt64(value);
    }

    public async Task<IReadOnlyList<LedgerLine>> LinesAsync(string userId, int limit, long? beforeMs)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        var accounts = OfUser(userId);
        var names = accounts.Select((a, i) => "@a" + i).ToArray();
        for (var i = 0; i < accounts.Length; i++)
        {
            LedgerBatch.Add(command, names[i], accounts[i]);
        }
        LedgerBatch.Add(command, "@before", beforeMs ?? long.MaxValue);
        LedgerBatch.Add(command, "@limit", limit);
        command.CommandText = $"""
            SELECT e.tx_key, t.kind, e.account, e.currency, e.amount, e.at FROM ledger_entry e JOIN ledger_tx t ON t.tx_key = e.tx_key
            WHERE e.account IN ({string.Join(",", names)}) AND e.at < @before ORDER BY e.at DESC, e.tx_key DESC, e.seq DESC LIMIT @limit
            """;
        var lines = new List<LedgerLine>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(new LedgerLine(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return lines;
    }

    public async Task<IReadOnlyList<EarningLine>> EarningsAsync(string creatorId, int limit)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT tx_key, sender_id, room_id, gift_id, coins, diamonds, state, at, release_at FROM ledger_hold
            WHERE creator_id = @c ORDER BY at DESC, tx_key DESC LIMIT @limit
            """;
        LedgerBatch.Add(command, "@c", creatorId);
        LedgerBatch.Add(command, "@limit", limit);
        var lines = new List<EarningLine>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(new EarningLine(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8))));
        }
        return lines;
    }

    public async Task<IReadOnlyList<CashoutRow>> CashoutsAsync(string userId, int limit)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = CashoutRow.Select + " WHERE user_id = @u ORDER BY created_at DESC, cashout_id DESC LIMIT @limit";
        LedgerBatch.Add(command, "@u", userId);
        LedgerBatch.Add(command, "@limit", limit);
        var rows = new List<CashoutRow>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(CashoutRow.Read(reader));
            }
        }
        return await WithAttemptsAsync(connection, rows);
    }

    public async Task<CashoutRow?> CashoutAsync(string cashoutId)
    {
        await using var connection = await OpenAsync();
        var row = await LedgerQueries.FindCashoutAsync(connection.CreateCommand(), cashoutId);
        return row is null ? null : (await WithAttemptsAsync(connection, [row]))[0];
    }

    /// <summary>Adds each cash-out's transfer attempts, next retry and last error (ledger_cashout_retry).</summary>
    private static async Task<List<CashoutRow>> WithAttemptsAsync(DbConnection connection, List<CashoutRow> rows)
    {
        if (rows.Count == 0)
        {
            return rows;
        }
        await using var command = connection.CreateCommand();
        var names = rows.Select((r, i) => "@c" + i).ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            LedgerBatch.Add(command, names[i], rows[i].CashoutId);
        }
        command.CommandText = $"SELECT cashout_id, attempts, next_at, last_error FROM ledger_cashout_retry WHERE cashout_id IN ({string.Join(",", names)})";
        var attempts = new Dictionary<string, (int, long?, string?)>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                attempts[reader.GetString(0)] = (reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }
        return rows.Select(r => attempts.TryGetValue(r.CashoutId, out var a)
            ? r with { Attempts = a.Item1, NextAttemptAtMs = r.Status == "retrying" ? a.Item2 : null, LastError = a.Item3 }
            : r).ToList();
    }

    public async Task<PurchaseRow?> PurchaseAsync(string? purchaseId, string? sessionId, string? paymentRef)
    {
        await using var connection = await OpenAsync();
        return await LedgerQueries.FindPurchaseAsync(connection.CreateCommand(), purchaseId, sessionId, paymentRef);
    }

    internal async Task<DbConnection> OpenAsync()
    {
        await database.EnsureSchemaAsync(LedgerSchema.Name, LedgerSchema.Ddl);
        await database.EnsureSchemaAsync(PaymentsSchema.Name, PaymentsSchema.Ddl);
        return await database.OpenAsync();
    }
}
