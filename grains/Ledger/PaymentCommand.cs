using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// Applies a verified payment event to a purchase, in the same database transaction as the event id's record:
/// pending + paid credits the coins once (settling any receivable first); paid + reversed takes them back (the
/// wallet may go negative) and claws back the creators' pending diamonds from the sender's latest gifts; a reversal
/// before the payment voids the purchase, so a late "paid" changes nothing. Everything else changes nothing.
/// </summary>
public sealed class PaymentCommand(string userId, PaymentSignal signal, EconomyOptions economy) : LedgerCommand
{
    public override string? Key => null;

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
            case (PaymentSignalKind.Paid, "pending") when await OrphanReversalExistsAsync(batch, paymentRef):
            case (PaymentSignalKind.Reversed or PaymentSignalKind.Failed, "pending"):
                await SetStatusAsync(batch, purchase, "void", paymentRef, "reversed_at");
                return PaymentOutcome.Voided;
            case (PaymentSignalKind.Paid, "pending"):
                await CreditAsync(batch, purchase);
                await SetStatusAsync(batch, purchase, "paid", paymentRef, "paid_at");
                return PaymentOutcome.Credited;
            case (PaymentSignalKind.Reversed, "paid"):
                await ReverseAsync(batch, purchase);
                await SetStatusAsync(batch, purchase, "reversed", paymentRef, "reversed_at");
                return PaymentOutcome.Reversed;
            default:
                return PaymentOutcome.NoChange;
        }
    }

    private async Task CreditAsync(LedgerBatch batch, PurchaseRow purchase)
    {
        // New coins first pay back what the user owes from an earlier reversal.
        var owed = -await batch.BalanceAsync(CoinReceivable(userId));
        var settle = Math.Min(purchase.Coins, Math.Max(0, owed));
        batch.Post($"purchase-paid:{purchase.PurchaseId}", "purchase", userId, purchase.Coins, purchase.PurchaseId,
        [
            new(CoinIssuance, Coin, -purchase.Coins),
            new(Coins(userId), Coin, purchase.Coins - settle),
            new(CoinReceivable(userId), Coin, settle),
            new(CashClearing, Usd, purchase.PriceCents),
            new(CoinSales, Usd, -purchase.PriceCents),
        ]);
    }

    private async Task ReverseAsync(LedgerBatch batch, PurchaseRow purchase)
    {
        var key = $"purchase-reversed:{purchase.PurchaseId}";
        var balance = await batch.BalanceAsync(Coins(userId));
        var fromBalance = Math.Min(Math.Max(0, balance), purchase.Coins);
        var spent = purchase.Coins - fromBalance;
        var entries = new List<LedgerEntry>
        {
            new(Coins(userId), Coin, -fromBalance),
            new(CoinReceivable(userId), Coin, -spent),
            new(CoinIssuance, Coin, purchase.Coins),
            new(CashClearing, Usd, -purchase.PriceCents),
            new(CoinSales, Usd, purchase.PriceCents),
        };
        if (spent > 0)
        {
            await ClawBackAsync(batch, spent, entries);
        }
        batch.Post(key, "reversal", userId, purchase.Coins, purchase.PurchaseId, entries);
    }

    /// <summary>
    /// The creator share of spent coins comes back from the sender's still-held gifts, newest first; whatever is
    /// already released (or cashed out) is booked as platform loss.
    /// </summary>
    private async Task ClawBackAsync(LedgerBatch batch, long spentCoins, List<LedgerEntry> entries)
    {
        await batch.FlushHoldsAsync();
        var holds = new List<(string Key, string Creator, long Coins, long Diamonds)>();
        await using (var query = batch.Command("SELECT tx_key, creator_id, coins, diamonds FROM ledger_hold WHERE sender_id = @s AND state = 'pending' ORDER BY at DESC, tx_key DESC"))
        {
            LedgerBatch.Add(query, "@s", userId);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                holds.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }
        var remaining = spentCoins;
        long clawed = 0;
        foreach (var hold in holds)
        {
            if (remaining == 0)
            {
                break;
            }
            var takeCoins = Math.Min(hold.Coins, remaining);
            var takeDiamonds = takeCoins == hold.Coins ? hold.Diamonds : checked(takeCoins * hold.Diamonds) / hold.Coins;
            await using var update = batch.Command("""
                UPDATE ledger_hold SET coins = coins - @c, diamonds = diamonds - @d,
                    state = CASE WHEN coins = @c THEN 'clawed' ELSE state END
                WHERE tx_key = @k AND state = 'pending'
                """);
            LedgerBatch.Add(update, "@c", takeCoins);
            LedgerBatch.Add(update, "@d", takeDiamonds);
            LedgerBatch.Add(update, "@k", hold.Key);
            if (await update.ExecuteNonQueryAsync() != 1)
            {
                continue;
            }
            remaining -= takeCoins;
            clawed += takeDiamonds;
            entries.Add(new(PendingDiamonds(hold.Creator), Diamond, -takeDiamonds));
        }
        var lost = economy.CreatorDiamonds(remaining);
        entries.Add(new(ChargebackLoss, Diamond, -lost));
        entries.Add(new(DiamondsReversed, Diamond, clawed + lost));
    }

    private static async Task<bool> OrphanReversalExistsAsync(LedgerBatch batch, string? paymentRef)
    {
        if (paymentRef is null)
        {
            return false;
        }
        await using var command = batch.Command("SELECT 1 FROM ledger_orphan_reversal WHERE payment_ref = @r");
        LedgerBatch.Add(command, "@r", paymentRef);
        return await command.ExecuteScalarAsync() is not null and not DBNull;
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
