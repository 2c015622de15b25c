using System.Text.Json;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>Refunds, disputes and reversals that arrived by payment reference before their purchase was known.</summary>
internal static class PaymentOrphans
{
    /// <summary>Refunds and disputes stored by payment reference before their purchase was known, applied now (then forgotten).</summary>
    public static async Task ReplayAsync(LedgerBatch batch, PurchaseRow purchase, string? paymentRef, ReversalState state)
    {
        if (paymentRef is null)
        {
            return;
        }
        var bodies = new List<string>();
        await using (var query = batch.Command("SELECT body FROM ledger_orphan_signal WHERE payment_ref = @r ORDER BY at, event_id"))
        {
            LedgerBatch.Add(query, "@r", paymentRef);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                bodies.Add(reader.GetString(0));
            }
        }
        foreach (var body in bodies)
        {
            if (JsonSerializer.Deserialize<PaymentSignal>(body) is { } orphan)
            {
                await PurchaseReversals.RecordAsync(batch, purchase, orphan, state);
            }
        }
        if (bodies.Count > 0)
        {
            await using var delete = batch.Command("DELETE FROM ledger_orphan_signal WHERE payment_ref = @r");
            LedgerBatch.Add(delete, "@r", paymentRef);
            await delete.ExecuteNonQueryAsync();
        }
    }

    public static async Task<bool> ReversalExistsAsync(LedgerBatch batch, string? paymentRef)
    {
        if (paymentRef is null)
        {
            return false;
        }
        await using var command = batch.Command("SELECT 1 FROM ledger_orphan_reversal WHERE payment_ref = @r");
        LedgerBatch.Add(command, "@r", paymentRef);
        return await command.ExecuteScalarAsync() is not null and not DBNull;
    }
}
