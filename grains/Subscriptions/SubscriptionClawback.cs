using Stagecast.Contracts.Subscriptions;
using Stagecast.Grains.Ledger;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// Refunds and disputes of an invoice's charge, as for coin purchases: the facts only grow (the largest cumulative
/// amount refunded, each refund by id, each dispute's amount and status; won stays won), and the cents taken back are
/// brought to T = min(paid, refunded + disputed and not won). The creator's share of T (⌈diamonds × T / paid⌉, the
/// platform's favour) is clawed from the invoice's pending hold, the part already released booked as loss; a dispute
/// won gives back the loss first, then the clawed diamonds as available ones. Stripe's dispute fees are booked as for
/// coin purchases (<see cref="DisputeFeeBook"/>).
/// </summary>
public static class SubscriptionClawback
{
    public static async Task<SubscriptionOutcome> ApplyAsync(LedgerBatch batch, SubscriptionRow row, SubscriptionSignal signal)
    {
        var invoice = await SubscriptionInvoiceRow.FindAsync(batch, signal.InvoiceId, signal.PaymentRef);
        if (invoice is null || invoice.SubscriptionId != row.SubscriptionId)
        {
            return SubscriptionOutcome.NoChange;
        }
        var refunded = invoice.RefundedCents;
        if (signal.Kind == SubscriptionSignalKind.Refunded && signal.ReferenceId is { } refundId)
        {
            await Exec(batch, "INSERT INTO ledger_sub_refund (refund_id, invoice_id, amount) VALUES (@a, @i, @n) ON CONFLICT (refund_id) DO NOTHING",
                refundId, invoice.InvoiceId, signal.RefundedCents ?? 0);
            refunded = Math.Max(refunded, await Sum(batch, "SELECT COALESCE(SUM(amount), 0) FROM ledger_sub_refund WHERE invoice_id = @i", invoice.InvoiceId));
        }
        else if (signal.Kind == SubscriptionSignalKind.Refunded)
        {
            refunded = Math.Max(refunded, signal.RefundedCents ?? 0);
        }
        if (signal.Kind == SubscriptionSignalKind.Disputed && signal.ReferenceId is { } disputeId)
        {
            var won = signal.DisputeStatus is "won" or "warning_closed";
            // Won stays won: an older snapshot arriving late cannot reopen the dispute.
            await Exec(batch, """
                INSERT INTO ledger_sub_dispute (dispute_id, invoice_id, amount, status) VALUES (@a, @i, @n, @s)
                ON CONFLICT (dispute_id) DO UPDATE SET status = CASE WHEN ledger_sub_dispute.status = 'won' THEN 'won' ELSE excluded.status END
                """, disputeId, invoice.InvoiceId, signal.AmountCents ?? invoice.Cents, won ? "won" : "open");
            await DisputeFeeBook.RecordAsync(batch, disputeId, row.SubscriberId, signal.Funds);
        }
        var disputed = await Sum(batch, "SELECT COALESCE(SUM(amount), 0) FROM ledger_sub_dispute WHERE invoice_id = @i AND status <> 'won'", invoice.InvoiceId);
        var target = Math.Min(invoice.Cents, refunded + disputed);
        var delta = target - invoice.TakenCents;
        var next = invoice with { RefundedCents = refunded, TakenCents = target };
        if (delta == 0)
        {
            await next.SaveAsync(batch);
            return SubscriptionOutcome.Recorded;
        }
        var diamondsTarget = invoice.Cents == 0 ? 0 : (checked(invoice.Diamonds * target) + invoice.Cents - 1) / invoice.Cents;
        var diamondsNow = invoice.ClawedDiamonds + invoice.LossDiamonds;
        var entries = new List<LedgerEntry> { new(CashClearing, Usd, -delta), new(SubscriptionSales, Usd, delta) };
        var key = $"sub-{(delta > 0 ? "clawback" : "recredit")}:{invoice.InvoiceId}:{signal.EventId}";
        if (diamondsTarget > diamondsNow)
        {
            var more = diamondsTarget - diamondsNow;
            await batch.FlushHoldsAsync();
            var held = await Sum(batch, "SELECT COALESCE(SUM(diamonds), 0) FROM ledger_hold WHERE tx_key = @i AND state = 'pending'", SubscriptionInvoices.KeyFor(invoice.InvoiceId));
            var clawed = Math.Min(held, more);
            await using (var update = batch.Command("UPDATE ledger_hold SET diamonds = diamonds - @n WHERE tx_key = @k AND state = 'pending'"))
            {
                LedgerBatch.Add(update, "@n", clawed);
                LedgerBatch.Add(update, "@k", SubscriptionInvoices.KeyFor(invoice.InvoiceId));
                await update.ExecuteNonQueryAsync();
            }
            entries.Add(new(PendingDiamonds(invoice.CreatorId), Diamond, -clawed));
            entries.Add(new(ChargebackLoss, Diamond, -(more - clawed)));
            entries.Add(new(DiamondsReversed, Diamond, more));
            next = next with { ClawedDiamonds = invoice.ClawedDiamonds + clawed, LossDiamonds = invoice.LossDiamonds + more - clawed };
        }
        else if (diamondsTarget < diamondsNow)
        {
            var back = diamondsNow - diamondsTarget;
            var unloss = Math.Min(invoice.LossDiamonds, back);
            var returned = back - unloss;
            entries.Add(new(ChargebackLoss, Diamond, unloss));
            entries.Add(new(AvailableDiamonds(invoice.CreatorId), Diamond, returned));
            entries.Add(new(DiamondsReversed, Diamond, -back));
            next = next with { ClawedDiamonds = invoice.ClawedDiamonds - returned, LossDiamonds = invoice.LossDiamonds - unloss };
        }
        batch.Post(key, delta > 0 ? "subscription-clawback" : "subscription-recredit", invoice.CreatorId, delta, $"{row.SubscriptionId}|{invoice.InvoiceId}", entries);
        await next.SaveAsync(batch);
        return delta > 0 ? SubscriptionOutcome.ClawedBack : SubscriptionOutcome.Recredited;
    }

    private static async Task Exec(LedgerBatch batch, string sql, string a, string i, long n, string? s = null)
    {
        await using var command = batch.Command(sql);
        LedgerBatch.Add(command, "@a", a);
        LedgerBatch.Add(command, "@i", i);
        LedgerBatch.Add(command, "@n", n);
        if (s is not null)
        {
            LedgerBatch.Add(command, "@s", s);
        }
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Sum(LedgerBatch batch, string sql, string i)
    {
        await using var command = batch.Command(sql);
        LedgerBatch.Add(command, "@i", i);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0 : Convert.ToInt64(value);
    }
}
