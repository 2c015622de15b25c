using System.Data.Common;
using System.Text;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// One database transaction carrying many ledger commands (group commit). Guarded debits run at once so a
/// command sees its own outcome; credits to shared accounts (hot creators, platform accounts) are summed per
/// account and written once at the end, so a hot account costs one row update per batch, not per gift.
/// </summary>
public sealed class LedgerBatch(DbConnection connection, DbTransaction transaction, long nowMs)
{
    private readonly Dictionary<string, long> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Currency, long Delta)> _deferred = new(StringComparer.Ordinal);
    private readonly List<(string Key, string Kind, string? UserId, long Result, string? Meta)> _txs = [];
    private readonly List<(string Key, int Seq, LedgerEntry Entry)> _entries = [];
    private readonly List<HoldRow> _holds = [];

    public long NowMs => nowMs;

    public DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(nowMs);

    /// <summary>Loads the stored results of the batch's idempotency keys in one query.</summary>
    public async Task PrefetchAsync(IReadOnlyCollection<string> keys)
    {
        foreach (var chunk in keys.Distinct().Chunk(500))
        {
            await using var command = Command("");
            var names = new string[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                names[i] = "@k" + i;
                Add(command, names[i], chunk[i]);
            }
            command.CommandText = $"SELECT tx_key, result FROM ledger_tx WHERE tx_key IN ({string.Join(",", names)})";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                _results[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
    }

    /// <summary>The result of a transaction already recorded under this key (earlier or in this batch).</summary>
    public bool TryGetResult(string key, out long result) => _results.TryGetValue(key, out result);

    public DbCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }

    /// <summary>Debits an account only if it stays at or above zero; the new balance, or null when it would not.</summary>
    public async Task<long?> TryDebitAsync(string account, long amount)
    {
        await FlushAccountAsync(account);
        await using var command = Command("UPDATE ledger_balance SET balance = balance - @a WHERE account = @n AND balance >= @a RETURNING balance");
        Add(command, "@a", amount);
        Add(command, "@n", account);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToInt64(value);
    }

    /// <summary>An account's balance including what this batch has not written yet.</summary>
    public async Task<long> BalanceAsync(string account)
    {
        await FlushAccountAsync(account);
        await using var command = Command("SELECT balance FROM ledger_balance WHERE account = @n");
        Add(command, "@n", account);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0 : Convert.ToInt64(value);
    }

    /// <summary>
    /// Records a transaction: its idempotency key and result, its entries, and its balance changes (except for
    /// accounts the command already changed through <see cref="TryDebitAsync"/>). Entries must sum to zero per currency.
    /// </summary>
    public void Post(string key, string kind, string? userId, long result, string? meta, IReadOnlyList<LedgerEntry> entries, params string[] alreadyApplied)
    {
        foreach (var group in entries.GroupBy(e => e.Currency))
        {
            if (group.Sum(e => e.Amount) != 0)
            {
                throw new InvalidOperationException($"Transaction {key} does not balance in {group.Key}.");
            }
        }
        if (!_results.TryAdd(key, result))
        {
            throw new InvalidOperationException($"Transaction {key} posted twice in one batch.");
        }
        _txs.Add((key, kind, userId, result, meta));
        var seq = 0;
        foreach (var entry in entries)
        {
            if (entry.Amount == 0)
            {
                continue;
            }
            _entries.Add((key, seq++, entry));
            if (Array.IndexOf(alreadyApplied, entry.Account) < 0)
            {
                var current = _deferred.TryGetValue(entry.Account, out var d) ? d.Delta : 0;
                _deferred[entry.Account] = (entry.Currency, checked(current + entry.Amount));
            }
        }
    }

    public void AddHold(HoldRow hold) => _holds.Add(hold);

    /// <summary>Writes held rows now, for a command about to query holds.</summary>
    public async Task FlushHoldsAsync()
    {
        foreach (var chunk in _holds.Chunk(400))
        {
            await InsertRowsAsync(
                "INSERT INTO ledger_hold (tx_key, creator_id, sender_id, room_id, gift_id, coins, diamonds, at, release_at, state) VALUES ",
                chunk, 10,
                (h, p) => [h.Key, h.CreatorId, h.SenderId, h.RoomId, h.GiftId, h.Coins, h.Diamonds, h.AtMs, h.ReleaseAtMs, "pending"]);
        }
        _holds.Clear();
    }

    /// <summary>Writes everything deferred; the caller commits.</summary>
    public async Task FlushAsync()
    {
        foreach (var chunk in _txs.Chunk(500))
        {
            await InsertRowsAsync("INSERT INTO ledger_tx (tx_key, kind, user_id, result, at, meta) VALUES ", chunk, 6,
                (t, _) => [t.Key, t.Kind, t.UserId, t.Result, nowMs, t.Meta]);
        }
        _txs.Clear();
        foreach (var chunk in _entries.Chunk(500))
        {
            await InsertRowsAsync("INSERT INTO ledger_entry (tx_key, seq, account, currency, amount, at) VALUES ", chunk, 6,
                (e, _) => [e.Key, e.Seq, e.Entry.Account, e.Entry.Currency, e.Entry.Amount, nowMs]);
        }
        _entries.Clear();
        await FlushHoldsAsync();
        // Sorted, so that writers on several silos lock shared rows in the same order (no deadlocks).
        var deltas = _deferred.OrderBy(d => d.Key, StringComparer.Ordinal).Where(d => d.Value.Delta != 0).ToArray();
        _deferred.Clear();
        foreach (var chunk in deltas.Chunk(500))
        {
            await InsertRowsAsync("INSERT INTO ledger_balance (account, currency, balance) VALUES ", chunk, 3,
                (d, _) => [d.Key, d.Value.Currency, d.Value.Delta],
                " ON CONFLICT (account) DO UPDATE SET balance = ledger_balance.balance + excluded.balance");
        }
    }

    private async Task FlushAccountAsync(string account)
    {
        if (_deferred.Remove(account, out var d) && d.Delta != 0)
        {
            await using var command = Command(
                "INSERT INTO ledger_balance (account, currency, balance) VALUES (@n, @c, @d) ON CONFLICT (account) DO UPDATE SET balance = ledger_balance.balance + excluded.balance");
            Add(command, "@n", account);
            Add(command, "@c", d.Currency);
            Add(command, "@d", d.Delta);
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task InsertRowsAsync<T>(string head, T[] rows, int width, Func<T, int, object?[]> values, string tail = "")
    {
        if (rows.Length == 0)
        {
            return;
        }
        await using var command = Command("");
        var sql = new StringBuilder(head);
        for (var r = 0; r < rows.Length; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            var row = values(rows[r], r);
            for (var c = 0; c < width; c++)
            {
                var name = $"@p{r}_{c}";
                sql.Append(c == 0 ? name : "," + name);
                Add(command, name, row[c]);
            }
            sql.Append(')');
        }
        sql.Append(tail);
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync();
    }
}
