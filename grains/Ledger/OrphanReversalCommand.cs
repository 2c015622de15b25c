using System.Text.Json;
using Stagecast.Contracts.Wallet;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// A refund or dispute for a payment no purchase knows yet (events out of order). A whole refund is remembered so
/// the late "paid" voids instead of crediting; a partial refund or a dispute is kept whole and applied right after
/// the late "paid" credits, so the end state does not depend on the order the events came in.
/// </summary>
public sealed class OrphanReversalCommand(PaymentSignal signal) : LedgerCommand
{
    public override string? Key => null;

    /// <summary>A whole refund: nothing of the payment remains, so the purchase can simply be voided.</summary>
    private bool WholeRefund => signal.Kind switch
    {
        PaymentSignalKind.Reversed => true,
        PaymentSignalKind.Refunded => signal.ReferenceId is null && (signal.RefundedCents is null || (signal.AmountCents is { } amount && signal.RefundedCents >= amount)),
        _ => false,
    };

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        if (signal.PaymentRef is not null)
        {
            await using var orphan = WholeRefund
                ? batch.Command("INSERT INTO ledger_orphan_reversal (payment_ref, event_id, at) VALUES (@r, @e, @at) ON CONFLICT (payment_ref) DO NOTHING")
                : batch.Command("INSERT INTO ledger_orphan_signal (event_id, payment_ref, body, at) VALUES (@e, @r, @b, @at) ON CONFLICT (event_id) DO NOTHING");
            LedgerBatch.Add(orphan, "@r", signal.PaymentRef);
            LedgerBatch.Add(orphan, "@e", signal.EventId);
            LedgerBatch.Add(orphan, "@at", batch.NowMs);
            if (!WholeRefund)
            {
                LedgerBatch.Add(orphan, "@b", JsonSerializer.Serialize(signal));
            }
            await orphan.ExecuteNonQueryAsync();
        }
        await using var record = batch.Command("INSERT INTO ledger_event (event_id, type, outcome, at) VALUES (@e, @t, 'Orphan', @at) ON CONFLICT (event_id) DO NOTHING");
        LedgerBatch.Add(record, "@e", signal.EventId);
        LedgerBatch.Add(record, "@t", signal.EventType);
        LedgerBatch.Add(record, "@at", batch.NowMs);
        await record.ExecuteNonQueryAsync();
        return PaymentOutcome.UnknownPurchase;
    }
}
