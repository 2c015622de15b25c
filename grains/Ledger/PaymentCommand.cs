using System.Text.Json;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// Applies a verified payment event to a purchase, in the same database transaction as the event id's record.
/// pending + paid credits the coins once (settling any receivable first). Refunds and disputes record what they say
/// (cumulative refunded amount, each refund by id, each dispute's status and balance transactions: facts that only
/// grow), then the coins taken back are brought to the amount those facts imply: more are reversed (the wallet may
/// go negative; the creators' pending diamonds from spent coins are clawed back, the rest booked as loss), or, when a
/// dispute is won, coins reversed earlier come back and the clawback and loss are undone in proportion. So replays
/// and out-of-order events change nothing and no purchase is ever reversed beyond its price.
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
            case (PaymentSignalKind.Failed, "pending"):
                await SetStatusAsync(batch, purchase, "void", paymentRef, "reversed_at");
                return PaymentOutcome.Voided;
            case (PaymentSignalKind.Paid, "pending"):
            {
                await CreditAsync(batch, purchase);
                await SetStatusAsync(batch, purchase, "paid", paymentRef, "paid_at");
                var paid = purchase with { Status = "paid", PaymentRef = paymentRef };
                // Refunds or disputes that came first (for this purchase, or by payment reference before it was known) apply now.
                var state = await ReversalState.LoadAsync(batch, paid);
                await ReplayOrphansAsync(batch, paid, paymentRef, state);
                await SettleAsync(batch, paid, state);
                return PaymentOutcome.Credited;
            }
            case (PaymentSignalKind.Reversed or PaymentSignalKind.Refunded or PaymentSignalKind.Disputed, "pending" or "paid" or "reversed"):
            {
                var state = await ReversalState.LoadAsync(batch, purchase);
                var (learned, feeBooked) = await PurchaseReversals.RecordAsync(batch, purchase, signal, state);
                if (purchase.Status == "pending")
                {
                    // Not paid yet: a whole refund voids it; anything else waits for the payment and applies then.
                    if (state.RefundedCents >= purchase.PriceCents && signal.Kind != PaymentSignalKind.Disputed)
                    {
                        await SetStatusAsync(batch, purchase, "void", paymentRef, "reversed_at");
                        return PaymentOutcome.Voided;
                    }
                    await state.SaveAsync(batch, purchase.PurchaseId);
                    return learned || feeBooked ? PaymentOutcome.Recorded : PaymentOutcome.NoChange;
                }
                var moved = await SettleAsync(batch, purchase, state);
                if (moved is null && learned)
                {
                    await state.SaveAsync(batch, purchase.PurchaseId);
                }
                // Facts that move nothing (a refund already covered, a dispute's new status) are kept but change no money.
                return moved ?? (feeBooked ? PaymentOutcome.Recorded : PaymentOutcome.NoChange);
            }
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

    /// <summary>Brings the coins and cents taken back to what the recorded facts imply; null when nothing moved.</summary>
    private async Task<PaymentOutcome?> SettleAsync(LedgerBatch batch, PurchaseRow purchase, ReversalState state)
    {
        var targetCents = await PurchaseReversals.TargetCentsAsync(batch, purchase, state);
        var targetCoins = PurchaseReversals.CoinsFor(purchase, targetCents);
        var coins = targetCoins - state.CoinsReversed;
        var cents = targetCents - state.CentsReversed;
        if (coins == 0 && cents == 0)
        {
            return null;
        }
        PaymentOutcome outcome;
        if (coins > 0 || (coins == 0 && cents > 0))
        {
            await ReverseAsync(batch, purchase, state, coins, cents);
            outcome = PaymentOutcome.Reversed;
        }
        else
        {
            await RecreditAsync(batch, purchase, state, -coins, -cents);
            outcome = PaymentOutcome.Recredited;
        }
        await state.SaveAsync(batch, purchase.PurchaseId);
        await using var update = batch.Command($"""
            UPDATE ledger_purchase SET status = @s{(outcome == PaymentOutcome.Reversed ? ", reversed_at = @at" : "")} WHERE purchase_id = @id
            """);
        LedgerBatch.Add(update, "@s", state.CoinsReversed >= purchase.Coins ? "reversed" : "paid");
        if (outcome == PaymentOutcome.Reversed)
        {
            LedgerBatch.Add(update, "@at", batch.NowMs);
        }
        LedgerBatch.Add(update, "@id", purchase.PurchaseId);
        await update.ExecuteNonQueryAsync();
        return outcome;
    }

    private async Task ReverseAsync(LedgerBatch batch, PurchaseRow purchase, ReversalState state, long coins, long cents)
    {
        var balance = await batch.BalanceAsync(Coins(userId));
        var fromBalance = Math.Min(Math.Max(0, balance), coins);
        var spent = coins - fromBalance;
        var entries = new List<LedgerEntry>
        {
            new(Coins(userId), Coin, -fromBalance),
            new(CoinReceivable(userId), Coin, -spent),
            new(CoinIssuance, Coin, coins),
            new(CashClearing, Usd, -cents),
            new(CoinSales, Usd, cents),
        };
        if (spent > 0)
        {
            var (clawed, lost) = await ClawBackAsync(batch, spent, entries);
            state.LossDiamonds = checked(state.LossDiamonds + lost);
            foreach (var (creator, diamonds) in clawed)
            {
                await using var upsert = batch.Command("""
                    INSERT INTO ledger_reversal_clawback (purchase_id, creator_id, diamonds) VALUES (@p, @c, @d)
                    ON CONFLICT (purchase_id, creator_id) DO UPDATE SET diamonds = ledger_reversal_clawback.diamonds + excluded.diamonds
                    """);
                LedgerBatch.Add(upsert, "@p", purchase.PurchaseId);
                LedgerBatch.Add(upsert, "@c", creator);
                LedgerBatch.Add(upsert, "@d", diamonds);
                await upsert.ExecuteNonQueryAsync();
            }
        }
        state.CoinsReversed = checked(state.CoinsReversed + coins);
        state.CentsReversed = checked(state.CentsReversed + cents);
        batch.Post($"purchase-reversed:{purchase.PurchaseId}:{signal.EventId}", "reversal", userId, coins, purchase.PurchaseId, entries);
    }

    /// <summary>
    /// A dispute won: the coins come back (first paying what the user owes), and in the same proportion of what was
    /// reversed, the loss booked is undone and the diamonds clawed back return to their creators (as available: the
    /// dispute, not the hold window, was the risk). Floors; the last re-credit returns exactly what is left.
    /// </summary>
    private async Task RecreditAsync(LedgerBatch batch, PurchaseRow purchase, ReversalState state, long coins, long cents)
    {
        var owed = -await batch.BalanceAsync(CoinReceivable(userId));
        var settle = Math.Min(coins, Math.Max(0, owed));
        var entries = new List<LedgerEntry>
        {
            new(CoinIssuance, Coin, -coins),
            new(Coins(userId), Coin, coins - settle),
            new(CoinReceivable(userId), Coin, settle),
            new(CashClearing, Usd, cents),
            new(CoinSales, Usd, -cents),
        };
        var reversed = state.CoinsReversed;
        long Share(long amount) => coins >= reversed ? amount : checked(amount * coins) / reversed;
        var lossBack = Share(state.LossDiamonds);
        entries.Add(new(ChargebackLoss, Diamond, lossBack));
        entries.Add(new(DiamondsReversed, Diamond, -lossBack));
        state.LossDiamonds -= lossBack;
        var clawbacks = new List<(string Creator, long Diamonds)>();
        await using (var query = batch.Command("SELECT creator_id, diamonds FROM ledger_reversal_clawback WHERE purchase_id = @p AND diamonds > 0 ORDER BY creator_id"))
        {
            LedgerBatch.Add(query, "@p", purchase.PurchaseId);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                clawbacks.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }
        foreach (var (creator, diamonds) in clawbacks)
        {
            var back = Share(diamonds);
            if (back == 0)
            {
                continue;
            }
            entries.Add(new(AvailableDiamonds(creator), Diamond, back));
            entries.Add(new(DiamondsReversed, Diamond, -back));
            await using var update = batch.Command("UPDATE ledger_reversal_clawback SET diamonds = diamonds - @d WHERE purchase_id = @p AND creator_id = @c");
            LedgerBatch.Add(update, "@d", back);
            LedgerBatch.Add(update, "@p", purchase.PurchaseId);
            LedgerBatch.Add(update, "@c", creator);
            await update.ExecuteNonQueryAsync();
        }
        state.CoinsReversed -= coins;
        state.CentsReversed -= cents;
        batch.Post($"purchase-recredited:{purchase.PurchaseId}:{signal.EventId}", "recredit", userId, coins, purchase.PurchaseId, entries);
    }

    /// <summary>
    /// The creator share of spent coins comes back from the sender's still-held gifts, newest first; whatever is
    /// already released (or cashed out) is booked as platform loss. Returns the diamonds clawed per creator and the loss.
    /// </summary>
    private async Task<(Dictionary<string, long> Clawed, long Lost)> ClawBackAsync(LedgerBatch batch, long spentCoins, List<LedgerEntry> entries)
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
        var clawed = new Dictionary<string, long>(StringComparer.Ordinal);
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
            clawed[hold.Creator] = clawed.GetValueOrDefault(hold.Creator) + takeDiamonds;
            entries.Add(new(PendingDiamonds(hold.Creator), Diamond, -takeDiamonds));
        }
        var lost = economy.CreatorDiamonds(remaining);
        entries.Add(new(ChargebackLoss, Diamond, -lost));
        entries.Add(new(DiamondsReversed, Diamond, clawed.Values.Sum() + lost));
        return (clawed, lost);
    }

    /// <summary>Refunds and disputes stored by payment reference before their purchase was known, applied now (then forgotten).</summary>
    private static async Task ReplayOrphansAsync(LedgerBatch batch, PurchaseRow purchase, string? paymentRef, ReversalState state)
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
