using Stagecast.Grains.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// Coins taken back for a refund or lost dispute: from the wallet while it has them, the rest owed (the wallet goes
/// negative) and the creators' diamonds from those spent coins clawed back (see <see cref="PaymentClawback"/>).
/// </summary>
internal static class PaymentReversal
{
    public static async Task ApplyAsync(PaymentFact fact, PurchaseRow purchase, ReversalState state, long coins, long cents)
    {
        var balance = await fact.Batch.BalanceAsync(Coins(fact.UserId));
        var fromBalance = Math.Min(Math.Max(0, balance), coins);
        var spent = coins - fromBalance;
        var entries = new List<LedgerEntry>
        {
            new(Coins(fact.UserId), Coin, -fromBalance),
            new(CoinReceivable(fact.UserId), Coin, -spent),
            new(CoinIssuance, Coin, coins),
            new(CashClearing, Usd, -cents),
            new(CoinSales, Usd, cents),
        };
        if (spent > 0)
        {
            var (clawed, lost) = await PaymentClawback.ApplyAsync(fact, spent, entries);
            state.LossDiamonds = checked(state.LossDiamonds + lost);
            foreach (var (creator, diamonds) in clawed)
            {
                await using var upsert = fact.Batch.Command("""
                    INSERT INTO ledger_reversal_clawback (purchase_id, creator_id, diamonds) VALUES (@p, @c, @d)
                    ON CONFLICT (purchase_id, creator_id) DO UPDATE SET diamonds = ledger_reversal_clawback.diamonds + excluded.diamonds
                    """);
                LedgerBatch.Add(upsert, "@p", purchase.PurchaseId);
                LedgerBatch.Add(upsert, "@c", creator);
                LedgerBatch.Add(upsert, "@d", diamonds);
                await upsert.ExecuteNonQueryAsync();
            }
        }
        state.CoinsReversed = checked(state.CoinsReversed + coins);
        state.CentsReversed = checked(state.CentsReversed + cents);
        fact.Batch.Post($"purchase-reversed:{purchase.PurchaseId}:{fact.Signal.EventId}", "reversal", fact.UserId, coins, purchase.PurchaseId, entries);
    }
}
