using System.Data.Common;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// The verifier's gift checks. A gift's transaction carries its coin legs and the batch's
/// <see cref="GiftDiamonds"/> transaction its diamond legs, so: the diamonds issued by gifts (both kinds of
/// transaction, and gifts written before the split with all five legs) equal the coins gifted; every gift
/// transaction has one <c>coins_gifted</c> entry; every batch's gift count is positive.
/// </summary>
public static class GiftAudit
{
    public static async Task<IReadOnlyList<string>> CheckAsync(DbConnection connection, DbTransaction transaction)
    {
        var violations = new List<string>();
        Task<List<object[]>> Rows(string sql) => LedgerRows.ReadAsync(connection, transaction, sql);
        static long L(object o) => LedgerRows.Long(o);

        var gifted = L((await Rows($"SELECT SUM(amount) FROM ledger_entry WHERE account = '{CoinsGifted}'"))[0][0]);
        var issued = -L((await Rows($"""
            SELECT SUM(e.amount) FROM ledger_entry e JOIN ledger_tx t ON t.tx_key = e.tx_key
            WHERE e.account = '{DiamondIssuance}' AND t.kind IN ('gift', '{GiftDiamonds.Kind}')
            """))[0][0]);
        if (gifted != issued)
        {
            violations.Add($"{CoinsGifted} is {gifted} but gifts issued {issued} diamonds");
        }
        // Counted, not searched per gift: a per-gift NOT EXISTS lets SQLite walk the account index once per gift.
        var gifts = L((await Rows("SELECT COUNT(*) FROM ledger_tx WHERE kind = 'gift'"))[0][0]);
        var legs = L((await Rows($"""
            SELECT COUNT(*) FROM ledger_entry e JOIN ledger_tx t ON t.tx_key = e.tx_key
            WHERE e.account = '{CoinsGifted}' AND e.amount > 0 AND t.kind = 'gift'
            """))[0][0]);
        if (legs != gifts)
        {
            violations.Add($"{gifts} gifts but {legs} {CoinsGifted} entries of gifts");
        }
        foreach (var row in await Rows($"SELECT tx_key FROM ledger_tx WHERE kind = '{GiftDiamonds.Kind}' AND result <= 0"))
        {
            violations.Add($"{row[0]} covers no gift");
        }
        return violations;
    }
}
