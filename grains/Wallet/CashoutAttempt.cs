using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Wallet;

/// <summary>
/// One Stripe Transfer attempt of a cash-out. The attempt count is stored before the call, so a crash mid-call resumes
/// with the same idempotency key and Stripe replays its first answer. No definite answer (timeout, 5xx, reset): the
/// attempt and the next try are recorded and the cash-out shows "retrying". Paid posts, refused voids, through the wallet.
/// </summary>
internal sealed class CashoutAttempt(
    string cashoutId, LedgerService ledger, ICashoutTransfers transfers, CashoutRetryOptions options,
    IPersistentState<CashoutGrainState> state, IGrainFactory grains, ILogger logger)
{
    /// <summary>When to try again, or null when the cash-out has its final answer (now or before: nothing left to drive).</summary>
    public async Task<DateTimeOffset?> RunAsync(CancellationToken ct)
    {
        var row = await ledger.Reader.CashoutAsync(cashoutId);
        if (row is null || row.Status is not ("reserved" or "retrying"))
        {
            // Settled already (an earlier activation got the answer, then stopped before noting it).
            return null;
        }
        var attempts = state.State.Attempts + 1;
        state.State = state.State with { Attempts = attempts };
        await state.WriteStateAsync();
        var result = await transfers.TransferAsync(new TransferOrder(row.UserId, cashoutId, row.Cents, state.State.AccountId!, attempts > 1), ct);
        if (result.Kind == TransferResultKind.Unknown)
        {
            var next = ledger.Time.GetUtcNow() + options.Backoff(attempts);
            await ledger.Writer.SubmitAsync<int>(new CashoutAttemptCommand(cashoutId, attempts, next.ToUnixTimeMilliseconds(), result.Error));
            state.State = state.State with { NextAttemptAt = next };
            await state.WriteStateAsync();
            logger.LogWarning("Cash-out {CashoutId}: attempt {Attempts} has no definite answer ({Error}); next try at {Next}", cashoutId, attempts, result.Error, next);
            return next;
        }
        var paid = result.Kind == TransferResultKind.Paid;
        // The attempt count first, so whoever sees the final state also sees how many attempts it took.
        await ledger.Writer.SubmitAsync<int>(new CashoutAttemptCommand(cashoutId, attempts, null, null));
        await grains.GetGrain<IWalletGrain>(row.UserId).SettleCashout(cashoutId, paid, result.TransferId, result.Error);
        logger.LogInformation("Cash-out {CashoutId}: {Outcome} after {Attempts} attempt(s)", cashoutId, paid ? "paid" : "refused", attempts);
        return null;
    }
}
