using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>After a refund or dispute fact: reverse more or re-credit, so the coins taken back match what the facts imply.</summary>
internal static class PaymentSettlement
{
    /// <summary>Brings the coins and cents taken back to what the recorded facts imply; null when nothing moved.</summary>
    public static async Task<PaymentOutcome?> ApplyAsync(PaymentFact fact, PurchaseRow purchase, ReversalState state)
    {
        var targetCents = await PurchaseReversals.TargetCentsAsync(fact.Batch, purchase, state);
        var targetCoins = PurchaseReversals.CoinsFor(purchase, targetCents);
        var coins = targetCoins - state.CoinsReversed;
        var cents = targetCents - state.CentsReversed;
        if (coins == 0 && cents == 0)
        {
            return null;
        }
        PaymentOutcome outcome;
        if (coins > 0 || (coins == 0 && cents > 0))
        {
            await PaymentReversal.ApplyAsync(fact, purchase, state, coins, cents);
            outcome = PaymentOutcome.Reversed;
        }
        else
        {
            await PaymentRecredit.ApplyAsync(fact, purchase, state, -coins, -cents);
            outcome = PaymentOutcome.Recredited;
        }
        await state.SaveAsync(fact.Batch, purchase.PurchaseId);
        await using var update = fact.Batch.Command($"""
            UPDATE ledger_purchase SET status = @s{(outcome == PaymentOutcome.Reversed ? ", reversed_at = @at" : "")} WHERE purchase_id = @id
            """);
        LedgerBatch.Add(update, "@s", state.CoinsReversed >= purchase.Coins ? "reversed" : "paid");
        if (outcome == PaymentOutcome.Reversed)
        {
            LedgerBatch.Add(update, "@at", fact.Batch.NowMs);
        }
        LedgerBatch.Add(update, "@id", purchase.PurchaseId);
        await update.ExecuteNonQueryAsync();
        return outcome;
    }
}
