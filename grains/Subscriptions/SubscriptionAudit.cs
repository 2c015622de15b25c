using System.Data.Common;
using Stagecast.Grains.Ledger;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// The verifier's subscription checks: subscription revenue equals paid invoices minus what was taken back; each
/// invoice's taken-back cents stay within what it paid and its clawed plus lost diamonds equal ⌈diamonds × taken / paid⌉;
/// the diamonds issued by invoice transactions equal the invoices' diamonds; every invoice has its ledger transaction.
/// </summary>
public static class SubscriptionAudit
{
    /// <param name="subscriptionTransactions">How many <c>subscription</c> transactions the verifier's pass over <c>ledger_tx</c> counted.</param>
    public static async Task<IReadOnlyList<string>> CheckAsync(DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<string, long> balances,
        long subscriptionTransactions)
    {
        var violations = new List<string>();
        Task<List<object[]>> Rows(string sql) => LedgerRows.ReadAsync(connection, transaction, sql);
        static long L(object o) => LedgerRows.Long(o);

        if (subscriptionTransactions == 0 && !balances.ContainsKey(SubscriptionSales))
        {
            return violations;
        }
        long paid = 0, taken = 0, issued = 0;
        foreach (var row in await Rows("SELECT invoice_id, cents, diamonds, taken_cents, clawed_diamonds, loss_diamonds FROM ledger_sub_invoice"))
        {
            long cents = L(row[1]), diamonds = L(row[2]), t = L(row[3]), back = L(row[4]) + L(row[5]);
            paid += cents;
            taken += t;
            issued += diamonds;
            if (t < 0 || t > cents)
            {
                violations.Add($"subscription invoice {row[0]} has {t} cents taken back of {cents} paid");
            }
            var expected = cents == 0 ? 0 : (diamonds * t + cents - 1) / cents;
            if (back != expected || L(row[4]) < 0 || L(row[5]) < 0)
            {
                violations.Add($"subscription invoice {row[0]} took back {back} diamonds, expected {expected} for {t} of {cents} cents");
            }
        }
        var sales = balances.GetValueOrDefault(SubscriptionSales);
        if (sales != -(paid - taken))
        {
            violations.Add($"{SubscriptionSales} is {sales} but paid invoices {paid} - taken back {taken} = {paid - taken}");
        }
        var booked = (await Rows($"""
            SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entry e JOIN ledger_tx t ON t.tx_key = e.tx_key
            WHERE t.kind = 'subscription' AND e.account = '{DiamondIssuance}'
            """)).Select(r => -L(r[0])).Single();
        if (booked != issued)
        {
            violations.Add($"subscription invoices issued {booked} diamonds in the ledger but their rows say {issued}");
        }
        foreach (var row in await Rows("SELECT i.invoice_id FROM ledger_sub_invoice i LEFT JOIN ledger_tx t ON t.tx_key = 'sub-invoice:' || i.invoice_id WHERE t.tx_key IS NULL"))
        {
            violations.Add($"subscription invoice {row[0]} has no ledger transaction");
        }
        return violations;
    }
}
