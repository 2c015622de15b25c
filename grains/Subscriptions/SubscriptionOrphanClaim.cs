using Stagecast.Contracts.Subscriptions;
using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// Claims the refunds and disputes parked for <paramref name="paymentRef"/> when a booked invoice now knows that
/// payment, and applies them to it (<see cref="SubscriptionOrphans"/>). Run after each commit that could leave one
/// parked beside its invoice: a refund parked because its invoice was not booked when the webhook looked, but booked
/// before the refund was parked (the invoice's own claim found nothing), and an invoice booked while a refund was
/// being parked. Whichever commits second, the claim that follows it sees both. True when an invoice was found.
/// The periodic <see cref="RefundSweepCommand"/> runs the same claim for every parked payment whose invoice is booked.
/// </summary>
public sealed class SubscriptionOrphanClaim(string paymentRef) : LedgerCommand
{
    public override string? Key => null;

    /// <summary>
    /// The first shard, as for <see cref="SubscriptionCommand"/>, the parking and the sweep: claims, bookings and
    /// parkings run one after another on one connection, so two of them never apply the same parked refund.
    /// </summary>
    public override string? Shard => null;

    public override async Task<object> ExecuteAsync(LedgerBatch batch) => await ClaimAsync(batch, paymentRef);

    /// <summary>Applies what is parked for the payment to its booked invoice and unparks it; false when no invoice knows it.</summary>
    public static async Task<bool> ClaimAsync(LedgerBatch batch, string paymentRef)
    {
        string? invoiceId = null, subscriptionId = null;
        long cents = 0;
        await using (var find = batch.Command("SELECT invoice_id, subscription_id, cents FROM ledger_sub_invoice WHERE payment_ref = @r"))
        {
            LedgerBatch.Add(find, "@r", paymentRef);
            await using var reader = await find.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                (invoiceId, subscriptionId, cents) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            }
        }
        if (invoiceId is null || await SubscriptionQueries.FindAsync(batch.Command(""), subscriptionId!) is not { } row)
        {
            return false;
        }
        var invoice = new SubscriptionSignal("claim:" + invoiceId, "orphan.claim", SubscriptionSignalKind.InvoicePaid,
            DateTimeOffset.FromUnixTimeMilliseconds(batch.NowMs), InvoiceId: invoiceId, PaymentRef: paymentRef, AmountCents: cents);
        await SubscriptionOrphans.ReplayAsync(batch, row, invoice);
        return true;
    }
}
