using Stagecast.Contracts.Wallet;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// Records what a refund or dispute says about a purchase (the facts only grow, so replays and out-of-order events
/// change nothing) and posts dispute fees, once per balance transaction.
/// </summary>
internal static class PurchaseReversals
{
    /// <summary>Stores the signal's facts: whether something new was learned, and whether a dispute fee was booked (cash moved).</summary>
    public static async Task<(bool Learned, bool FeeBooked)> RecordAsync(LedgerBatch batch, PurchaseRow purchase, PaymentSignal signal, ReversalState state)
    {
        switch (signal.Kind)
        {
            case PaymentSignalKind.Reversed:
                return (Raise(state, purchase.PriceCents), false);
            case PaymentSignalKind.Refunded when signal.ReferenceId is { Length: > 0 } refundId:
                // One refund (refund.created): remembered by id, summed with the purchase's other known refunds.
                return (await InsertRefundAsync(batch, purchase, refundId, Math.Max(0, signal.RefundedCents ?? purchase.PriceCents)), false);
            case PaymentSignalKind.Refunded:
                return (Raise(state, ChargeCentsToPurchase(purchase, signal.RefundedCents ?? purchase.PriceCents, signal.AmountCents)), false);
            case PaymentSignalKind.Disputed:
                return await RecordDisputeAsync(batch, purchase, signal);
            default:
                return (false, false);
        }
    }

    /// <summary>The cents of the purchase taken back now: refunds plus what disputes still hold, never more than the price.</summary>
    public static async Task<long> TargetCentsAsync(LedgerBatch batch, PurchaseRow purchase, ReversalState state)
    {
        long refunds;
        await using (var sum = batch.Command("SELECT COALESCE(SUM(amount), 0) FROM ledger_refund WHERE purchase_id = @p"))
        {
            LedgerBatch.Add(sum, "@p", purchase.PurchaseId);
            refunds = Convert.ToInt64(await sum.ExecuteScalarAsync());
        }
        // Both are lower bounds of what Stripe refunded (a charge snapshot; the refunds seen one by one): take the larger.
        var refunded = Math.Max(state.RefundedCents, refunds);
        long held = 0;
        await using (var disputes = batch.Command("""
            SELECT d.status, d.amount, COUNT(f.transaction_id), COALESCE(SUM(f.amount), 0)
            FROM ledger_dispute d LEFT JOIN ledger_dispute_funds f ON f.dispute_id = d.dispute_id
            WHERE d.purchase_id = @p GROUP BY d.dispute_id, d.status, d.amount
            """))
        {
            LedgerBatch.Add(disputes, "@p", purchase.PurchaseId);
            await using var reader = await disputes.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (reader.GetString(0) == "won")
                {
                    continue;
                }
                // Balance transactions say what is really withdrawn (net of reinstatements); before any, the disputed amount.
                held = checked(held + (reader.GetInt64(2) > 0 ? Math.Max(0, -reader.GetInt64(3)) : Math.Max(0, reader.GetInt64(1))));
            }
        }
        return Math.Clamp(checked(refunded + held), 0, purchase.PriceCents);
    }

    /// <summary>
    /// Coins to take back for <paramref name="cents"/> of the price: rounded up (the platform's favour), so a buyer
    /// never keeps a coin not fully paid for; the whole price is exactly all coins.
    /// </summary>
    public static long CoinsFor(PurchaseRow purchase, long cents)
    {
        if (cents <= 0)
        {
            return 0;
        }
        if (purchase.PriceCents <= 0 || cents >= purchase.PriceCents)
        {
            return purchase.Coins;
        }
        return (checked(purchase.Coins * cents) + purchase.PriceCents - 1) / purchase.PriceCents;
    }

    private static bool Raise(ReversalState state, long cents)
    {
        if (cents <= state.RefundedCents)
        {
            return false;
        }
        state.RefundedCents = cents;
        return true;
    }

    /// <summary>A charge amount in the purchase's cents (the same unless the charge differs from the price: scaled, rounded up).</summary>
    private static long ChargeCentsToPurchase(PurchaseRow purchase, long cents, long? chargeAmount)
    {
        cents = Math.Max(0, cents);
        if (chargeAmount is not { } amount || amount <= 0 || amount == purchase.PriceCents)
        {
            return Math.Min(cents, purchase.PriceCents);
        }
        return Math.Min(purchase.PriceCents, (checked(cents * purchase.PriceCents) + amount - 1) / amount);
    }

    private static async Task<bool> InsertRefundAsync(LedgerBatch batch, PurchaseRow purchase, string refundId, long amount)
    {
        await using var insert = batch.Command("INSERT INTO ledger_refund (refund_id, purchase_id, amount, at) VALUES (@r, @p, @a, @at) ON CONFLICT (refund_id) DO NOTHING");
        LedgerBatch.Add(insert, "@r", refundId);
        LedgerBatch.Add(insert, "@p", purchase.PurchaseId);
        LedgerBatch.Add(insert, "@a", Math.Min(amount, purchase.PriceCents));
        LedgerBatch.Add(insert, "@at", batch.NowMs);
        return await insert.ExecuteNonQueryAsync() == 1;
    }

    private static async Task<(bool Learned, bool FeeBooked)> RecordDisputeAsync(LedgerBatch batch, PurchaseRow purchase, PaymentSignal signal)
    {
        var disputeId = signal.ReferenceId ?? "dispute:" + (signal.PaymentRef ?? purchase.PurchaseId);
        var funds = signal.Funds ?? [];
        var status = signal.DisputeStatus switch
        {
            "won" or "warning_closed" => "won",
            _ when signal.EventType == "charge.dispute.funds_reinstated" && funds.Count == 0 && signal.DisputeStatus != "lost" => "won",
            "lost" => "lost",
            _ => "open",
        };
        var changed = false;
        await using (var upsert = batch.Command("""
            INSERT INTO ledger_dispute (dispute_id, purchase_id, amount, status, at, updated_at) VALUES (@d, @p, @a, @s, @at, @at)
            ON CONFLICT (dispute_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
            WHERE ledger_dispute.status <> 'won' AND ledger_dispute.status <> excluded.status
            """))
        {
            // A won dispute stays won (exactly one re-credit); an older snapshot arriving late cannot reopen it.
            LedgerBatch.Add(upsert, "@d", disputeId);
            LedgerBatch.Add(upsert, "@p", purchase.PurchaseId);
            LedgerBatch.Add(upsert, "@a", Math.Max(0, signal.AmountCents ?? purchase.PriceCents));
            LedgerBatch.Add(upsert, "@s", status);
            LedgerBatch.Add(upsert, "@at", batch.NowMs);
            changed |= await upsert.ExecuteNonQueryAsync() == 1;
        }
        var (recorded, feeBooked) = await DisputeFeeBook.RecordAsync(batch, disputeId, purchase.UserId, funds);
        changed |= recorded;
        return (changed, feeBooked);
    }
}
