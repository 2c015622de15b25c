using Stagecast.Contracts.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// The operator check over the whole ledger, in one read transaction: every idempotency key is recorded once;
/// every transaction balances per currency;
/// each currency sums to zero; stored balances equal the sum of their entries; nothing is negative outside the
/// source, receivable and loss accounts; minted coins equal paid purchases minus reversals; held diamonds match
/// pending balances; a user with a receivable has no coins; gifts issued as many diamonds as coins gifted; subscription revenue and clawbacks match their invoices.
/// </summary>
public static class LedgerVerifier
{
    public static async Task<LedgerAudit> VerifyAsync(LedgerReader reader)
    {
        await using var connection = await reader.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        var violations = new List<string>();

        Task<List<object[]>> Rows(string sql) => LedgerRows.ReadAsync(connection, transaction, sql);
        static long L(object o) => LedgerRows.Long(o);

        var sums = new Dictionary<string, long>();
        foreach (var row in await Rows("SELECT currency, SUM(amount) FROM ledger_entry GROUP BY currency"))
        {
            sums[(string)row[0]] = L(row[1]);
            if (L(row[1]) != 0)
            {
                violations.Add($"currency {row[0]} sums to {L(row[1])}, not zero");
            }
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
        var balances = (await Rows("SELECT account, balance FROM ledger_balance")).ToDictionary(r => (string)r[0], r => L(r[1]));
        var fromEntries = (await Rows("SELECT account, SUM(amount) FROM ledger_entry GROUP BY account")).ToDictionary(r => (string)r[0], r => L(r[1]));
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
        violations.AddRange(await Subscriptions.SubscriptionAudit.CheckAsync(connection, transaction, balances));
        violations.AddRange(await GiftAudit.CheckAsync(connection, transaction));
        var txCount = L((await Rows("SELECT COUNT(*) FROM ledger_tx"))[0][0]);
        var entryCount = L((await Rows("SELECT COUNT(*) FROM ledger_entry"))[0][0]);
        await transaction.CommitAsync();
        return new LedgerAudit(violations.Count == 0, violations, sums, txCount, entryCount, minted, paid, reversed, receivables.Length);
    }
}
