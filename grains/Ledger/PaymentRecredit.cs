using Stagecast.Grains.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>A dispute won: coins reversed earlier come back, and the clawback and loss are undone in proportion.</summary>
internal static class PaymentRecredit
{
    /// <summary>
    /// A dispute won: the coins come back (first paying what the user owes), and in the same proportion of what was
    /// reversed, the loss booked is undone and the diamonds clawed back return to their creators (as available: the
    /// dispute, not the hold window, was the risk). Floors; the last re-credit returns exactly what is left.
    /// </summary>
    public static async Task ApplyAsync(PaymentFact fact, PurchaseRow purchase, ReversalState state, long coins, long cents)
    {
        var owed = -await fact.Batch.BalanceAsync(CoinReceivable(fact.UserId));
        var settle = Math.Min(coins, Math.Max(0, owed));
        var entries = new List<LedgerEntry>
        {
            new(CoinIssuance, Coin, -coins),
            new(Coins(fact.UserId), Coin, coins - settle),
            new(CoinReceivable(fact.UserId), Coin, settle),
            new(CashClearing, Usd, cents),
            new(CoinSales, Usd, -cents),
        };
        var reversed = state.CoinsReversed;
        long Share(long amount) => coins >= reversed ? amount : checked(amount * coins) / reversed;
        var lossBack = Share(state.LossDiamonds);
        entries.Add(new(ChargebackLoss, Diamond, lossBack));
        entries.Add(new(DiamondsReversed, Diamond, -lossBack));
        state.LossDiamonds -= lossBack;
        var clawbacks = new List<(string Creator, long Diamonds)>();
        await using (var query = fact.Batch.Command("SELECT creator_id, diamonds FROM ledger_reversal_clawback WHERE purchase_id = @p AND diamonds > 0 ORDER BY creator_id"))
        {
            LedgerBatch.Add(query, "@p", purchase.PurchaseId);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                clawbacks.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }
        foreach (var (creator, diamonds) in clawbacks)
        {
            var back = Share(diamonds);
            if (back == 0)
            {
                continue;
            }
            entries.Add(new(AvailableDiamonds(creator), Diamond, back));
            entries.Add(new(DiamondsReversed, Diamond, -back));
            await using var update = fact.Batch.Command("UPDATE ledger_reversal_clawback SET diamonds = diamonds - @d WHERE purchase_id = @p AND creator_id = @c");
            LedgerBatch.Add(update, "@d", back);
            LedgerBatch.Add(update, "@p", purchase.PurchaseId);
            LedgerBatch.Add(update, "@c", creator);
            await update.ExecuteNonQueryAsync();
        }
        state.CoinsReversed -= coins;
        state.CentsReversed -= cents;
        fact.Batch.Post($"purchase-recredited:{purchase.PurchaseId}:{fact.Signal.EventId}", "recredit", fact.UserId, coins, purchase.PurchaseId, entries);
    }
}
