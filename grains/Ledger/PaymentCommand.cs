using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Wallet;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// Applies a verified payment event to a purchase, in the same database transaction as the event id's record.
/// pending + paid credits the coins once (settling any receivable first). Refunds and disputes record what they say
/// (cumulative refunded amount, each refund by id, each dispute's status and balance transactions: facts that only
/// grow), then the coins taken back are brought to the amount those facts imply: more are reversed (the wallet may
/// go negative; the creators' pending diamonds from spent coins are clawed back, the rest booked as loss), or, when a
/// dispute is won, coins reversed earlier come back and the clawback and loss are undone in proportion. So replays
/// and out-of-order events change nothing and no purchase is ever reversed beyond its price.
/// </summary>
public sealed class PaymentCommand(string userId, PaymentSignal signal, EconomyOptions economy) : LedgerCommand
{
    public override string? Key => null;

    public override string? Shard => userId;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        var outcome = await ApplyAsync(batch);
        await using var record = batch.Command("INSERT INTO ledger_event (event_id, type, outcome, at) VALUES (@e, @t, @o, @at) ON CONFLICT (event_id) DO NOTHING");
        LedgerBatch.Add(record, "@e", signal.EventId);
        LedgerBatch.Add(record, "@t", signal.EventType);
        LedgerBatch.Add(record, "@o", outcome.ToString());
        LedgerBatch.Add(record, "@at", batch.NowMs);
        await record.ExecuteNonQueryAsync();
        return outcome;
    }

    private async Task<PaymentOutcome> ApplyAsync(LedgerBatch batch)
    {
        var fact = new PaymentFact(batch, userId, signal, economy);
        await using (var seen = batch.Command("SELECT 1 FROM ledger_event WHERE event_id = @e"))
        {
            LedgerBatch.Add(seen, "@e", signal.EventId);
            if (await seen.ExecuteScalarAsync() is not null and not DBNull)
            {
                return PaymentOutcome.NoChange;
            }
        }
        var purchase = await LedgerQueries.FindPurchaseAsync(batch.Command(""), signal.PurchaseId, signal.SessionId, signal.PaymentRef);
        if (purchase is null || purchase.UserId != userId)
        {
            return PaymentOutcome.UnknownPurchase;
        }
        var paymentRef = signal.PaymentRef ?? purchase.PaymentRef;
        switch (signal.Kind, purchase.Status)
        {
            case (PaymentSignalKind.Paid, "pending") when await PaymentOrphans.ReversalExistsAsync(batch, paymentRef):
            case (PaymentSignalKind.Failed, "pending"):
                await SetStatusAsync(batch, purchase, "void", paymentRef, "reversed_at");
                return PaymentOutcome.Voided;
            case (PaymentSignalKind.Paid, "pending"):
            {
                await PaymentCredit.ApplyAsync(fact, purchase);
                await SetStatusAsync(batch, purchase, "paid", paymentRef, "paid_at");
                var paid = purchase with { Status = "paid", PaymentRef = paymentRef };
                // Refunds or disputes that came first (for this purchase, or by payment reference before it was known) apply now.
                var state = await ReversalState.LoadAsync(batch, paid);
                await PaymentOrphans.ReplayAsync(batch, paid, paymentRef, state);
                await PaymentSettlement.ApplyAsync(fact, paid, state);
                return PaymentOutcome.Credited;
            }
            case (PaymentSignalKind.Reversed or PaymentSignalKind.Refunded or PaymentSignalKind.Disputed, "pending" or "paid" or "reversed"):
            {
                var state = await ReversalState.LoadAsync(batch, purchase);
                var (learned, feeBooked) = await PurchaseReversals.RecordAsync(batch, purchase, signal, state);
                if (purchase.Status == "pending")
                {
                    // Not paid yet: a whole refund voids it; anything else waits for the payment and applies then.
                    if (state.RefundedCents >= purchase.PriceCents && signal.Kind != PaymentSignalKind.Disputed)
                    {
                        await SetStatusAsync(batch, purchase, "void", paymentRef, "reversed_at");
                        return PaymentOutcome.Voided;
                    }
                    await state.SaveAsync(batch, purchase.PurchaseId);
                    return learned || feeBooked ? PaymentOutcome.Recorded : PaymentOutcome.NoChange;
                }
                var moved = await PaymentSettlement.ApplyAsync(fact, purchase, state);
                if (moved is null && learned)
                {
                    await state.SaveAsync(batch, purchase.PurchaseId);
                }
                // Facts that move nothing (a refund already covered, a dispute's new status) are kept but change no money.
                return moved ?? (feeBooked ? PaymentOutcome.Recorded : PaymentOutcome.NoChange);
            }
            default:
                return PaymentOutcome.NoChange;
        }
    }

    private static async Task SetStatusAsync(LedgerBatch batch, PurchaseRow purchase, string status, string? paymentRef, string stampColumn)
    {
        await using var command = batch.Command(
            $"UPDATE ledger_purchase SET status = @s, payment_ref = COALESCE(payment_ref, @r), {stampColumn} = @at WHERE purchase_id = @id");
        LedgerBatch.Add(command, "@s", status);
        LedgerBatch.Add(command, "@r", paymentRef);
        LedgerBatch.Add(command, "@at", batch.NowMs);
        LedgerBatch.Add(command, "@id", purchase.PurchaseId);
        await command.ExecuteNonQueryAsync();
    }
}
