using Stagecast.Contracts.Wallet;

namespace Stagecast.Grains.Ledger;

/// <summary>A refund or dispute for a payment no purchase knows yet (events out of order): remembered, so the late "paid" voids instead of crediting.</summary>
public sealed class OrphanReversalCommand(PaymentSignal signal) : LedgerCommand
{
    public override string? Key => null;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        if (signal.PaymentRef is not null)
        {
            await using var orphan = batch.Command("INSERT INTO ledger_orphan_reversal (payment_ref, event_id, at) VALUES (@r, @e, @at) ON CONFLICT (payment_ref) DO NOTHING");
            LedgerBatch.Add(orphan, "@r", signal.PaymentRef);
            LedgerBatch.Add(orphan, "@e", signal.EventId);
            LedgerBatch.Add(orphan, "@at", batch.NowMs);
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
