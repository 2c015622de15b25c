using Stagecast.Contracts.Subscriptions;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// Books a paid invoice once (its id is the primary key of <c>ledger_sub_invoice</c> and the ledger key
/// <c>sub-invoice:{invoiceId}</c>): the cash comes in as subscription revenue, and the creator's share, converted to
/// diamonds at the cash-out rate (floor), is issued as pending diamonds held for the same window as gifts.
/// </summary>
public static class SubscriptionInvoices
{
    public static string KeyFor(string invoiceId) => $"sub-invoice:{invoiceId}";

    /// <summary>The sender recorded on an invoice's hold, never a user id, so a coin reversal never claws it.</summary>
    public static string HoldSender(string subscriptionId) => $"subscription:{subscriptionId}";

    /// <summary>The creator's diamonds for <paramref name="cents"/> paid: ⌊cents × share% × per / (100 × value cents)⌋.</summary>
    public static long CreatorDiamonds(long cents, SubscriptionOptions options, EconomyOptions economy) =>
        economy.DiamondValueCents <= 0 ? 0 : checked(cents * options.CreatorSharePercent * economy.DiamondValuePer) / (100 * economy.DiamondValueCents);

    /// <summary>True if this invoice was booked now, false if it was booked before.</summary>
    public static async Task<bool> BookAsync(LedgerBatch batch, SubscriptionRow row, SubscriptionSignal signal, SubscriptionOptions options, EconomyOptions economy)
    {
        if (string.IsNullOrEmpty(signal.InvoiceId))
        {
            return false;
        }
        var cents = signal.AmountCents ?? row.PriceCents;
        var diamonds = CreatorDiamonds(cents, options, economy);
        await using (var insert = batch.Command("""
            INSERT INTO ledger_sub_invoice (invoice_id, subscription_id, creator_id, cents, diamonds, payment_ref, paid_at, refunded_cents, taken_cents, clawed_diamonds, loss_diamonds)
            VALUES (@i, @s, @c, @cents, @d, @r, @at, 0, 0, 0, 0) ON CONFLICT (invoice_id) DO NOTHING
            """))
        {
            LedgerBatch.Add(insert, "@i", signal.InvoiceId);
            LedgerBatch.Add(insert, "@s", row.SubscriptionId);
            LedgerBatch.Add(insert, "@c", row.CreatorId);
            LedgerBatch.Add(insert, "@cents", cents);
            LedgerBatch.Add(insert, "@d", diamonds);
            LedgerBatch.Add(insert, "@r", signal.PaymentRef);
            LedgerBatch.Add(insert, "@at", batch.NowMs);
            if (await insert.ExecuteNonQueryAsync() == 0)
            {
                return false;
            }
        }
        var key = KeyFor(signal.InvoiceId);
        batch.Post(key, "subscription", row.CreatorId, diamonds, $"{row.SubscriptionId}|{row.SubscriberId}|{cents}",
        [
            new(CashClearing, Usd, cents),
            new(SubscriptionSales, Usd, -cents),
            new(DiamondIssuance, Diamond, -diamonds),
            new(PendingDiamonds(row.CreatorId), Diamond, diamonds),
        ]);
        batch.AddHold(new HoldRow(key, row.CreatorId, HoldSender(row.SubscriptionId), "", "subscription", 0, diamonds,
            batch.NowMs, batch.NowMs + (long)economy.HoldWindow.TotalMilliseconds));
        return true;
    }
}
