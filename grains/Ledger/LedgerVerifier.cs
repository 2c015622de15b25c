using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Stagecast.Contracts.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// The operator check over the whole ledger, in one read transaction: every idempotency key is recorded once;
/// every transaction balances per currency;
/// each currency sums to zero; stored balances equal the sum of their entries; nothing is negative outside the
/// source, receivable and loss accounts; minted coins equal paid purchases minus reversals; held diamonds match
/// pending balances; a user with a receivable has no coins; gifts issued as many diamonds as coins gifted; subscription revenue and clawbacks match their invoices.
/// Each large table is read once by one aggregate statement (no per-row lookups, which made the check grow faster than
/// the ledger), and on SQLite the read transaction is deferred, so the ledger writer is never blocked while it runs.
/// </summary>
public static class LedgerVerifier
{
    public static async Task<LedgerAudit> VerifyAsync(LedgerReader reader)
    {
        await using var connection = await reader.OpenAsync();
        var sqlite = connection as SqliteConnection;
        if (sqlite is not null)
        {
            await Execute(sqlite, $"PRAGMA temp_store = MEMORY; PRAGMA cache_size = -{SqliteCacheKiB};");
        }
        try
        {
            await using var transaction = await BeginReadAsync(connection);
            var audit = await CheckAsync(connection, transaction);
            await transaction.CommitAsync();
            return audit;
        }
        finally
        {
            if (sqlite is not null)
            {
                // The connection goes back to the pool: leave it as the others are.
                await Execute(sqlite, "PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000;");
            }
        }
    }

    /// <summary>
    /// The audit's one read transaction. On SQLite a deferred BEGIN: its first read fixes one WAL snapshot and it never
    /// takes the write lock, where the default BEGIN IMMEDIATE held the ledger writer off for the whole check (every
    /// gift's commit waited, up to the 30 s busy timeout, then failed). On PostgreSQL a serializable transaction.
    /// </summary>
    public static async Task<DbTransaction> BeginReadAsync(DbConnection connection) => connection is SqliteConnection sqlite
        ? sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: true)
        : await connection.BeginTransactionAsync(IsolationLevel.Serializable);

    /// <summary>The verifier's page cache on SQLite (KiB): its sorts and scans stay in memory instead of rereading the file.</summary>
    private const int SqliteCacheKiB = 131072;

    private static async Task<LedgerAudit> CheckAsync(DbConnection connection, DbTransaction transaction)
    {
        var violations = new List<string>();
        Task<List<object[]>> Rows(string sql) => LedgerRows.ReadAsync(connection, transaction, sql);
        static long L(object o) => LedgerRows.Long(o);

        // The entries, read once: per account and currency their sum and count, and for coins_gifted how many
        // credits belong to gift transactions (a gift's key is gift:…, which the transactions' pass below ties to its kind).
        var sums = new Dictionary<string, long>();
        var fromEntries = new Dictionary<string, long>();
        long entryCount = 0, giftLegs = 0;
        foreach (var row in await Rows($"""
            SELECT account, currency, SUM(amount), COUNT(*),
                   SUM(CASE WHEN account = '{CoinsGifted}' AND amount > 0 AND {GiftAudit.HasGiftKey} THEN 1 ELSE 0 END)
            FROM ledger_entry GROUP BY account, currency
            """))
        {
            var (account, currency, sum) = ((string)row[0], (string)row[1], L(row[2]));
            sums[currency] = sums.GetValueOrDefault(currency) + sum;
            fromEntries[account] = fromEntries.GetValueOrDefault(account) + sum;
            entryCount += L(row[3]);
            giftLegs += L(row[4]);
        }
        foreach (var (currency, sum) in sums.Where(s => s.Value != 0))
        {
            violations.Add($"currency {currency} sums to {sum}, not zero");
        }
        foreach (var row in await Rows("SELECT tx_key, currency, SUM(amount) FROM ledger_entry GROUP BY tx_key, currency HAVING SUM(amount) <> 0"))
        {
            violations.Add($"transaction {row[0]} does not balance in {row[1]} ({L(row[2])})");
        }
        // The primary key forbids this; the check is for a store that lost its constraint (a restore, a migration).
        foreach (var row in await Rows("SELECT tx_key, COUNT(*) FROM ledger_tx GROUP BY tx_key HAVING COUNT(*) > 1"))
        {
            violations.Add($"idempotency key {row[0]} is recorded {L(row[1])} times");
        }
        // The transactions, read once: how many, how many gifts and subscriptions, and the rows that break a rule.
        var counts = (await Rows($"""
            SELECT COUNT(*),
                   SUM(CASE WHEN kind = 'gift' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN kind = 'subscription' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN {GiftAudit.KindAndKeyDisagree} THEN 1 ELSE 0 END),
                   SUM(CASE WHEN kind = '{GiftDiamonds.Kind}' AND result <= 0 THEN 1 ELSE 0 END)
            FROM ledger_tx
            """))[0];
        var transactions = new TransactionCounts(L(counts[0]), L(counts[1]), L(counts[2]), L(counts[3]), L(counts[4]));

        var balances = (await Rows("SELECT account, balance FROM ledger_balance")).ToDictionary(r => (string)r[0], r => L(r[1]));
        foreach (var account in balances.Keys.Union(fromEntries.Keys))
        {
            var stored = balances.GetValueOrDefault(account);
            var summed = fromEntries.GetValueOrDefault(account);
            if (stored != summed)
            {
                violations.Add($"account {account}: balance {stored} but entries sum to {summed}");
            }
            if (stored < 0 && !MayBeNegative(account))
            {
                violations.Add($"account {account} is negative ({stored})");
            }
        }
        var receivables = balances.Where(b => b.Key.EndsWith(":coin_receivable", StringComparison.Ordinal) && b.Value < 0).ToArray();
        foreach (var (account, _) in receivables)
        {
            var coins = account[..^":coin_receivable".Length] + ":coins";
            if (balances.GetValueOrDefault(coins) != 0)
            {
                violations.Add($"{coins} holds coins while {account} is owed");
            }
        }
        var minted = -balances.GetValueOrDefault(CoinIssuance);
        // Partial refunds and disputes reverse part of a purchase (ledger_purchase_reversal); older whole reversals have no row.
        var purchases = await Rows("""
            SELECT COALESCE(SUM(CASE WHEN p.paid_at IS NOT NULL THEN p.coins ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN r.purchase_id IS NOT NULL THEN r.coins_reversed WHEN p.status = 'reversed' THEN p.coins ELSE 0 END), 0)
            FROM ledger_purchase p LEFT JOIN ledger_purchase_reversal r ON r.purchase_id = p.purchase_id
            """);
        foreach (var row in await Rows("""
            SELECT p.purchase_id, r.coins_reversed, r.cents_reversed FROM ledger_purchase p JOIN ledger_purchase_reversal r ON r.purchase_id = p.purchase_id
            WHERE r.coins_reversed < 0 OR r.coins_reversed > p.coins OR r.cents_reversed < 0 OR r.cents_reversed > p.price_cents
               OR (r.coins_reversed > 0 AND p.paid_at IS NULL)
            """))
        {
            violations.Add($"purchase {row[0]} has {L(row[1])} coins / {L(row[2])} cents reversed, outside what it paid");
        }
        var fees = L((await Rows("SELECT COALESCE(SUM(fee), 0) FROM ledger_dispute_funds"))[0][0]);
        if (fees != balances.GetValueOrDefault(DisputeFees))
        {
            violations.Add($"{DisputeFees} is {balances.GetValueOrDefault(DisputeFees)} but dispute balance transactions' fees sum to {fees}");
        }
        var paid = L(purchases[0][0]);
        var reversed = L(purchases[0][1]);
        if (minted != paid - reversed)
        {
            violations.Add($"minted coins {minted} != paid purchases {paid} - reversals {reversed}");
        }
        var held = (await Rows("SELECT creator_id, SUM(diamonds) FROM ledger_hold WHERE state = 'pending' GROUP BY creator_id"))
            .ToDictionary(r => PendingDiamonds((string)r[0]), r => L(r[1]));
        foreach (var account in held.Keys.Union(balances.Keys.Where(a => a.EndsWith(":diamonds_pending", StringComparison.Ordinal))))
        {
            if (balances.GetValueOrDefault(account) != held.GetValueOrDefault(account))
            {
                violations.Add($"{account} is {balances.GetValueOrDefault(account)} but held gifts sum to {held.GetValueOrDefault(account)}");
            }
        }
        violations.AddRange(await Subscriptions.SubscriptionAudit.CheckAsync(connection, transaction, balances, transactions.Subscriptions));
        violations.AddRange(await GiftAudit.CheckAsync(connection, transaction, fromEntries.GetValueOrDefault(CoinsGifted), giftLegs, transactions));
        return new LedgerAudit(violations.Count == 0, violations, sums, transactions.All, entryCount, minted, paid, reversed, receivables.Length);
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>What the verifier's one pass over <c>ledger_tx</c> counted: all, gifts, subscriptions, gifts whose kind and key disagree, gift-diamonds covering no gift.</summary>
public sealed record TransactionCounts(long All, long Gifts, long Subscriptions, long GiftKindMismatches, long EmptyGiftDiamonds);
