using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;

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
    private DbCommand? _debit;
    private readonly bool _postgres = connection is Npgsql.NpgsqlConnection;
    private readonly Dictionary<LedgerCommand, long?> _preDebits = new(ReferenceEqualityComparer.Instance);

    public long NowMs => nowMs;

    public DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(nowMs);

    /// <summary>Loads the stored results of the batch's idempotency keys in one query (one array parameter, whatever the batch size).</summary>
    public async Task PrefetchAsync(IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }
        await using var command = Command(_postgres
            ? "SELECT tx_key, result FROM ledger_tx WHERE tx_key = ANY(@keys)"
            : "SELECT tx_key, result FROM ledger_tx WHERE tx_key IN (SELECT value FROM json_each(@keys))");
        var distinct = keys.Distinct(StringComparer.Ordinal).ToArray();
        Add(command, "@keys", _postgres ? distinct : JsonRows(distinct.Length, 1, (r, _, w) => w.WriteStringValue(distinct[r]), flat: true));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _results[reader.GetString(0)] = reader.GetInt64(1);
        }
    }

    /// <summary>
    /// Applies the guarded debits of many commands in one statement (one round trip instead of one per gift).
    /// Only commands that are not repeats and whose account appears once in the batch take part; the others
    /// debit one by one when they run. An account missing from the RETURNING rows had too little.
    /// </summary>
    public async Task PreDebitAsync(IReadOnlyList<LedgerCommand> commands)
    {
        var candidates = commands
            .Where(c => c.PreDebit is not null && (c.Key is null || !_results.ContainsKey(c.Key)))
            .GroupBy(c => c.PreDebit!.Value.Account, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .Select(g => g.First())
            .ToArray();
        if (candidates.Length == 0)
        {
            return;
        }
        // One statement whatever the batch size: the (account, amount) pairs travel as two arrays (PostgreSQL)
        // or one JSON array (SQLite), so the statement text and its parameters never grow with the batch.
        await using var command = Command(_postgres
            ? "UPDATE ledger_balance SET balance = ledger_balance.balance - v.amount FROM unnest(@accounts, @amounts) AS v(account, amount) "
              + "WHERE ledger_balance.account = v.account AND ledger_balance.balance >= v.amount RETURNING ledger_balance.account, ledger_balance.balance"
            : "UPDATE ledger_balance SET balance = ledger_balance.balance - v.amount "
              + "FROM (SELECT json_extract(value, '$[0]') AS account, json_extract(value, '$[1]') AS amount FROM json_each(@rows)) AS v "
              + "WHERE ledger_balance.account = v.account AND ledger_balance.balance >= v.amount RETURNING ledger_balance.account, ledger_balance.balance");
        if (_postgres)
        {
            Add(command, "@accounts", candidates.Select(c => c.PreDebit!.Value.Account).ToArray());
            Add(command, "@amounts", candidates.Select(c => c.PreDebit!.Value.Amount).ToArray());
        }
        else
        {
            Add(command, "@rows", JsonRows(candidates.Length, 2, (r, c, w) =>
            {
                var (account, amount) = candidates[r].PreDebit!.Value;
                if (c == 0)
                {
                    w.WriteStringValue(account);
                }
                else
                {
                    w.WriteNumberValue(amount);
                }
            }));
        }
        var debited = new Dictionary<string, long>(candidates.Length, StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                debited[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        foreach (var c in candidates)
        {
            _preDebits[c] = debited.TryGetValue(c.PreDebit!.Value.Account, out var balance) ? balance : null;
        }
    }

    /// <summary>The outcome of this command's up-front debit: the new balance, or null when it had too little; false when it took no part.</summary>
    public bool TryTakePreDebit(LedgerCommand command, out long? balance) => _preDebits.Remove(command, out balance);

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
        // One command per batch, so SQLite parses the statement once, not once per gift.
        if (_debit is null)
        {
            _debit = Command("UPDATE ledger_balance SET balance = balance - @a WHERE account = @n AND balance >= @a RETURNING balance");
            Add(_debit, "@a", 0L);
            Add(_debit, "@n", "");
        }
        _debit.Parameters["@a"].Value = amount;
        _debit.Parameters["@n"].Value = account;
        var value = await _debit.ExecuteScalarAsync();
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
        var holds = _holds;
        await BulkInsertAsync("ledger_hold", HoldColumns, holds.Count, (r, c) =>
        {
            var h = holds[r];
            return c switch
            {
                0 => h.Key, 1 => h.CreatorId, 2 => h.SenderId, 3 => h.RoomId, 4 => h.GiftId,
                5 => h.Coins, 6 => h.Diamonds, 7 => h.AtMs, 8 => h.ReleaseAtMs, _ => "pending",
            };
        });
        _holds.Clear();
    }

    /// <summary>Writes everything deferred (one statement per table, whatever the batch size); the caller commits.</summary>
    public async Task FlushAsync()
    {
        var txs = _txs;
        await BulkInsertAsync("ledger_tx", TxColumns, txs.Count, (r, c) =>
        {
            var t = txs[r];
            return c switch { 0 => t.Key, 1 => t.Kind, 2 => t.UserId, 3 => t.Result, 4 => nowMs, _ => t.Meta };
        });
        _txs.Clear();
        var entries = _entries;
        await BulkInsertAsync("ledger_entry", EntryColumns, entries.Count, (r, c) =>
        {
            var e = entries[r];
            return c switch { 0 => e.Key, 1 => e.Seq, 2 => e.Entry.Account, 3 => e.Entry.Currency, 4 => e.Entry.Amount, _ => nowMs };
        });
        _entries.Clear();
        await FlushHoldsAsync();
        if (_debit is not null)
        {
            await _debit.DisposeAsync();
            _debit = null;
        }
        // Sorted, so that writers on several silos lock shared rows in the same order (no deadlocks).
        var deltas = _deferred.OrderBy(d => d.Key, StringComparer.Ordinal).Where(d => d.Value.Delta != 0).ToArray();
        _deferred.Clear();
        await BulkInsertAsync("ledger_balance", BalanceColumns, deltas.Length, (r, c) => c switch
        {
            0 => deltas[r].Key, 1 => deltas[r].Value.Currency, _ => deltas[r].Value.Delta,
        }, " ON CONFLICT (account) DO UPDATE SET balance = ledger_balance.balance + excluded.balance");
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

    private static readonly (string Name, string Type)[] TxColumns =
        [("tx_key", "text"), ("kind", "text"), ("user_id", "text"), ("result", "bigint"), ("at", "bigint"), ("meta", "text")];

    private static readonly (string Name, string Type)[] EntryColumns =
        [("tx_key", "text"), ("seq", "integer"), ("account", "text"), ("currency", "text"), ("amount", "bigint"), ("at", "bigint")];

    private static readonly (string Name, string Type)[] HoldColumns =
    [
        ("tx_key", "text"), ("creator_id", "text"), ("sender_id", "text"), ("room_id", "text"), ("gift_id", "text"),
        ("coins", "bigint"), ("diamonds", "bigint"), ("at", "bigint"), ("release_at", "bigint"), ("state", "text"),
    ];

    private static readonly (string Name, string Type)[] BalanceColumns = [("account", "text"), ("currency", "text"), ("balance", "bigint")];

    private static readonly Dictionary<(string Table, string Tail), string> Statements = [];

    /// <summary>
    /// Inserts many rows with one statement whose text and parameter count do not depend on the row count:
    /// PostgreSQL gets one typed array per column (<c>unnest</c>), SQLite one JSON array of rows (<c>json_each</c>).
    /// So the statement is parsed (and, on PostgreSQL, planned) like any small one, and binding stays linear.
    /// </summary>
    private async Task BulkInsertAsync(string table, (string Name, string Type)[] columns, int rows, Func<int, int, object?> cell, string tail = "")
    {
        if (rows == 0)
        {
            return;
        }
        await using var command = Command(StatementFor(table, columns, tail));
        if (_postgres)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                Array values = columns[c].Type switch
                {
                    "bigint" => new long[rows],
                    "integer" => new int[rows],
                    _ => new string?[rows],
                };
                for (var r = 0; r < rows; r++)
                {
                    values.SetValue(cell(r, c), r);
                }
                Add(command, "@c" + c, values);
            }
        }
        else
        {
            Add(command, "@rows", JsonRows(rows, columns.Length, (r, c, w) =>
            {
                switch (cell(r, c))
                {
                    case null:
                        w.WriteNullValue();
                        break;
                    case string text:
                        w.WriteStringValue(text);
                        break;
                    case int number:
                        w.WriteNumberValue(number);
                        break;
                    case long number:
                        w.WriteNumberValue(number);
                        break;
                    case var other:
                        throw new InvalidOperationException($"Unexpected ledger value {other.GetType()}.");
                }
            }));
        }
        await command.ExecuteNonQueryAsync();
    }

    private string StatementFor(string table, (string Name, string Type)[] columns, string tail)
    {
        lock (Statements)
        {
            var key = (table + (_postgres ? "/pg" : "/sqlite"), tail);
            if (!Statements.TryGetValue(key, out var sql))
            {
                var names = string.Join(", ", columns.Select(c => c.Name));
                sql = _postgres
                    ? $"INSERT INTO {table} ({names}) SELECT * FROM unnest({string.Join(", ", columns.Select((c, i) => $"@c{i}::{c.Type}[]"))}){tail}"
                    // "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
                    : $"INSERT INTO {table} ({names}) SELECT {string.Join(", ", columns.Select((_, i) => $"json_extract(value, '$[{i}]')"))} FROM json_each(@rows) WHERE true{tail}";
                Statements[key] = sql;
            }
            return sql;
        }
    }

    /// <summary>A JSON array of rows (each an array of <paramref name="width"/> values), or of single values when flat.</summary>
    private static string JsonRows(int rows, int width, Action<int, int, Utf8JsonWriter> write, bool flat = false)
    {
        var buffer = new ArrayBufferWriter<byte>(rows * width * 24 + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var r = 0; r < rows; r++)
            {
                if (!flat)
                {
                    writer.WriteStartArray();
                }
                for (var c = 0; c < width; c++)
                {
                    write(r, c, writer);
                }
                if (!flat)
                {
                    writer.WriteEndArray();
                }
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
