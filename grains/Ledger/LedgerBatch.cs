using System.Data.Common;
using Stagecast.Grains.Ledger.Sql;
using static Stagecast.Grains.Ledger.Sql.LedgerTables;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// One database transaction carrying many ledger commands (group commit). Guarded debits run at once so a
/// command sees its own outcome; credits to shared accounts (hot creators, platform accounts) are summed per
/// account and written once at the end, so a hot account costs one row update per batch, not per gift. The
/// statements that take a whole batch at once differ by store and come from <see cref="ILedgerSql"/>.
/// </summary>
public sealed class LedgerBatch(DbConnection connection, DbTransaction transaction, long nowMs, ILedgerSql sql)
{
    private readonly Dictionary<string, long> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Currency, long Delta)> _deferred = new(StringComparer.Ordinal);
    private readonly List<(string Key, string Kind, string? UserId, long Result, string? Meta)> _txs = [];
    private readonly List<(string Key, int Seq, LedgerEntry Entry)> _entries = [];
    private readonly List<HoldRow> _holds = [];
    private readonly GiftDiamonds _giftDiamonds = new();
    private DbCommand? _debit;
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
        await using var command = Command(sql.SelectResults);
        sql.BindKeys(command, keys.Distinct(StringComparer.Ordinal).ToArray());
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
        // One statement whatever the batch size: its text and parameters never grow with the batch.
        await using var command = Command(sql.PreDebit);
        sql.BindDebits(command, candidates.Select(c => c.PreDebit!.Value).ToArray());
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

    public static void Add(DbCommand command, string name, object? value) => LedgerSql.Add(command, name, value);

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
        Record(key, kind, userId, result, meta, entries);
        foreach (var entry in entries)
        {
            if (entry.Amount != 0 && Array.IndexOf(alreadyApplied, entry.Account) < 0)
            {
                Defer(entry);
            }
        }
    }

    /// <summary>
    /// Records a gift: its own transaction carries the coin legs (sender −C, already debited; <c>coins_gifted</c> +C);
    /// its diamond legs change the balances now and are booked in the batch's one <see cref="GiftDiamonds"/> transaction.
    /// </summary>
    public void PostGift(string key, string senderId, long balance, string meta, string creatorId, long cost, long creatorDiamonds)
    {
        Post(key, "gift", senderId, balance, meta, [new(LedgerAccounts.Coins(senderId), LedgerAccounts.Coin, -cost), new(LedgerAccounts.CoinsGifted, LedgerAccounts.Coin, cost)],
            LedgerAccounts.Coins(senderId));
        foreach (var leg in GiftDiamonds.Legs(creatorId, cost, creatorDiamonds))
        {
            Defer(leg);
        }
        _giftDiamonds.Add(creatorId, cost, creatorDiamonds);
    }

    private void Defer(LedgerEntry entry)
    {
        var current = _deferred.TryGetValue(entry.Account, out var d) ? d.Delta : 0;
        _deferred[entry.Account] = (entry.Currency, checked(current + entry.Amount));
    }

    /// <summary>Adds a transaction's row and entry rows (balances are the caller's business). Entries must sum to zero per currency.</summary>
    private void Record(string key, string kind, string? userId, long result, string? meta, IReadOnlyList<LedgerEntry> entries)
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
        }
    }

    public void AddHold(HoldRow hold) => _holds.Add(hold);

    /// <summary>Writes held rows now, for a command about to query holds.</summary>
    public async Task FlushHoldsAsync()
    {
        var holds = _holds;
        await BulkInsertAsync(Hold, HoldColumns, holds.Count, (r, c) =>
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
        if (_giftDiamonds.Gifts > 0)
        {
            // Balances moved with each gift; this books their entries. Its result is the number of gifts it covers.
            Record($"{GiftDiamonds.Kind}:{Guid.NewGuid():N}", GiftDiamonds.Kind, null, _giftDiamonds.Gifts, null, _giftDiamonds.Entries());
        }
        var txs = _txs;
        await BulkInsertAsync(Tx, TxColumns, txs.Count, (r, c) =>
        {
            var t = txs[r];
            return c switch { 0 => t.Key, 1 => t.Kind, 2 => t.UserId, 3 => t.Result, 4 => nowMs, _ => t.Meta };
        });
        _txs.Clear();
        var entries = _entries;
        await BulkInsertAsync(Entry, EntryColumns, entries.Count, (r, c) =>
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
        await BulkInsertAsync(Balance, BalanceColumns, deltas.Length, (r, c) => c switch
        {
            0 => deltas[r].Key, 1 => deltas[r].Value.Currency, _ => deltas[r].Value.Delta,
        }, AddToBalance);
    }

    private async Task FlushAccountAsync(string account)
    {
        if (_deferred.Remove(account, out var d) && d.Delta != 0)
        {
            await using var command = Command(
                "INSERT INTO ledger_balance (account, currency, balance) VALUES (@n, @c, @d)" + AddToBalance);
            Add(command, "@n", account);
            Add(command, "@c", d.Currency);
            Add(command, "@d", d.Delta);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Inserts many rows with one statement whose text and parameter count do not depend on the row count, so it
    /// is parsed (and, on PostgreSQL, planned) like any small one, and binding stays linear.
    /// </summary>
    private async Task BulkInsertAsync(string table, LedgerColumn[] columns, int rows, Func<int, int, object?> cell, string tail = "")
    {
        if (rows == 0)
        {
            return;
        }
        await using var command = Command(sql.BulkInsert(table, columns, tail));
        sql.BindRows(command, columns, rows, cell);
        await command.ExecuteNonQueryAsync();
    }
}
