using System.Text.Json;
using Stagecast.Contracts.Subscriptions;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// Refunds and disputes of an invoice's charge that arrived before the invoice was booked (the events crossed): no
/// invoice and no coin purchase knew their payment intent, so the payment path kept them by payment intent
/// (<c>ledger_orphan_signal</c>, a whole refund in <c>ledger_orphan_reversal</c>). Booking the invoice claims them, in
/// the same transaction, and applies them to it as if they had come after: the end state does not depend on the order.
/// </summary>
public static class SubscriptionOrphans
{
    public static async Task ReplayAsync(LedgerBatch batch, SubscriptionRow row, SubscriptionSignal invoice)
    {
        if (invoice.PaymentRef is not { } paymentRef || invoice.InvoiceId is not { } invoiceId)
        {
            return;
        }
        var kept = new List<SubscriptionSignal>();
        await using (var query = batch.Command("SELECT body FROM ledger_orphan_signal WHERE payment_ref = @r ORDER BY at, event_id"))
        {
            LedgerBatch.Add(query, "@r", paymentRef);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (JsonSerializer.Deserialize<PaymentSignal>(reader.GetString(0)) is { } orphan && ToSignal(orphan, invoiceId) is { } signal)
                {
                    kept.Add(signal);
                }
            }
        }
        await using (var whole = batch.Command("SELECT event_id FROM ledger_orphan_reversal WHERE payment_ref = @r"))
        {
            LedgerBatch.Add(whole, "@r", paymentRef);
            if (await whole.ExecuteScalarAsync() is string eventId)
            {
                kept.Add(new SubscriptionSignal(eventId, "charge.refunded", SubscriptionSignalKind.Refunded, DateTimeOffset.FromUnixTimeMilliseconds(batch.NowMs),
                    InvoiceId: invoiceId, PaymentRef: paymentRef, RefundedCents: invoice.AmountCents ?? row.PriceCents));
            }
        }
        foreach (var signal in kept)
        {
            await SubscriptionClawback.ApplyAsync(batch, row, signal);
        }
        foreach (var table in new[] { "ledger_orphan_signal", "ledger_orphan_reversal" })
        {
            await using var delete = batch.Command($"DELETE FROM {table} WHERE payment_ref = @r");
            LedgerBatch.Add(delete, "@r", paymentRef);
            await delete.ExecuteNonQueryAsync();
        }
    }

    private static SubscriptionSignal? ToSignal(PaymentSignal p, string invoiceId) => p.Kind switch
    {
        PaymentSignalKind.Refunded => new(p.EventId, p.EventType, SubscriptionSignalKind.Refunded, DateTimeOffset.UnixEpoch, InvoiceId: invoiceId,
            PaymentRef: p.PaymentRef, RefundedCents: p.RefundedCents, ReferenceId: p.ReferenceId),
        PaymentSignalKind.Disputed => new(p.EventId, p.EventType, SubscriptionSignalKind.Disputed, DateTimeOffset.UnixEpoch, InvoiceId: invoiceId,
            PaymentRef: p.PaymentRef, AmountCents: p.AmountCents, ReferenceId: p.ReferenceId, DisputeStatus: p.DisputeStatus, Funds: p.Funds),
        _ => null,
    };
}
