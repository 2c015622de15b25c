using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Subscriptions;

/// <summary>A paid invoice: what it paid, the creator's diamonds, and what refunds and disputes have taken back so far.</summary>
public sealed record SubscriptionInvoiceRow(
    string InvoiceId, string SubscriptionId, string CreatorId, long Cents, long Diamonds, long RefundedCents, long TakenCents, long ClawedDiamonds, long LossDiamonds)
{
    /// <summary>The invoice by id, else by its payment (payment intent), or null.</summary>
    public static async Task<SubscriptionInvoiceRow?> FindAsync(LedgerBatch batch, string? invoiceId, string? paymentRef)
    {
        foreach (var (column, value) in new[] { ("invoice_id", invoiceId), ("payment_ref", paymentRef) })
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }
            await using var command = batch.Command($"""
                SELECT invoice_id, subscription_id, creator_id, cents, diamonds, refunded_cents, taken_cents, clawed_diamonds, loss_diamonds
                FROM ledger_sub_invoice WHERE {column} = @v
                """);
            LedgerBatch.Add(command, "@v", value);
            await using var r = await command.ExecuteReaderAsync();
            if (await r.ReadAsync())
            {
                return new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8));
            }
        }
        return null;
    }

    public async Task SaveAsync(LedgerBatch batch)
    {
        await using var command = batch.Command("""
            UPDATE ledger_sub_invoice SET refunded_cents = @r, taken_cents = @t, clawed_diamonds = @c, loss_diamonds = @l WHERE invoice_id = @i
            """);
        LedgerBatch.Add(command, "@r", RefundedCents);
        LedgerBatch.Add(command, "@t", TakenCents);
        LedgerBatch.Add(command, "@c", ClawedDiamonds);
        LedgerBatch.Add(command, "@l", LossDiamonds);
        LedgerBatch.Add(command, "@i", InvoiceId);
        await command.ExecuteNonQueryAsync();
    }
}
