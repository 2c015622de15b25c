using System.Data.Common;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// The verifier's gift checks. A gift's transaction carries its coin legs and the batch's
/// <see cref="GiftDiamonds"/> transaction its diamond legs, so: the diamonds issued by gifts (both kinds of
/// transaction, and gifts written before the split with all five legs) equal the coins gifted; every gift
/// transaction has one <c>coins_gifted</c> entry; every batch's gift count is positive.
/// The per-gift counts come from the verifier's single passes over the entries and the transactions: a gift is a
/// transaction of kind <c>gift</c>, its key is <c>gift:…</c> (<see cref="GiftCommand.KeyFor"/>), and a transaction
/// where the two disagree is reported, so counting credits of <c>coins_gifted</c> under <c>gift:</c> keys counts
/// them under gift transactions without joining each entry to its transaction.
/// </summary>
public static class GiftAudit
{
    /// <summary>SQL: the row's key is a gift's key (<c>gift:…</c>).</summary>
    internal const string HasGiftKey = "substr(tx_key, 1, 5) = 'gift:'";

    /// <summary>SQL over <c>ledger_tx</c>: the transaction's kind says gift and its key does not, or the other way round.</summary>
    internal const string KindAndKeyDisagree = $"(CASE WHEN kind = 'gift' THEN 1 ELSE 0 END) <> (CASE WHEN {HasGiftKey} THEN 1 ELSE 0 END)";

    public static async Task<IReadOnlyList<string>> CheckAsync(DbConnection connection, DbTransaction transaction, long gifted, long giftLegs, TransactionCounts transactions)
    {
        var violations = new List<string>();
        Task<List<object[]>> Rows(string sql) => LedgerRows.ReadAsync(connection, transaction, sql);
        static long L(object o) => LedgerRows.Long(o);

        // One issuance entry per batch (per gift before the split): few rows, found through the account index.
        var issued = -L((await Rows($"""
            SELECT SUM(e.amount) FROM ledger_entry e JOIN ledger_tx t ON t.tx_key = e.tx_key
            WHERE e.account = '{DiamondIssuance}' AND t.kind IN ('gift', '{GiftDiamonds.Kind}')
            """))[0][0]);
        if (gifted != issued)
        {
            violations.Add($"{CoinsGifted} is {gifted} but gifts issued {issued} diamonds");
        }
        if (transactions.GiftKindMismatches > 0)
        {
            foreach (var row in await Rows($"SELECT tx_key, kind FROM ledger_tx WHERE {KindAndKeyDisagree} LIMIT 20"))
            {
                violations.Add($"transaction {row[0]} of kind {row[1]}: a gift's kind and key disagree");
            }
        }
        if (giftLegs != transactions.Gifts)
        {
            violations.Add($"{transactions.Gifts} gifts but {giftLegs} {CoinsGifted} entries of gifts");
        }
        if (transactions.EmptyGiftDiamonds > 0)
        {
            foreach (var row in await Rows($"SELECT tx_key FROM ledger_tx WHERE kind = '{GiftDiamonds.Kind}' AND result <= 0"))
            {
                violations.Add($"{row[0]} covers no gift");
            }
        }
        return violations;
    }
}
