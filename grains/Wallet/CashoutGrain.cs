using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Wallet;

/// <summary>
/// Drives one cash-out's Stripe Transfer to a definite answer. The attempt count is stored before each call and a
/// durable reminder is registered before the first, so a crash or restart mid-call resumes with the same
/// idempotency key (<c>cashout:{id}</c>): Stripe replays its first answer instead of paying twice. While the outcome
/// is unknown (timeout, 5xx, connection reset) the cash-out shows "retrying" and is tried again with doubling waits
/// (a grain timer; the one-minute reminder wakes the grain again after a restart). Paid posts, refused voids. The
/// reservation itself is made from here, after the reminder exists, so no reserved cash-out is ever left undriven.
/// </summary>
public sealed class CashoutGrain(
    LedgerService ledger,
    ICashoutTransfers transfers,
    CashoutRetryOptions options,
    IRelationalDatabase database,
    [PersistentState("cashout", "store")] IPersistentState<CashoutGrainState> state,
    ILogger<CashoutGrain> logger) : Grain, ICashoutGrain, IRemindable
{
    private const string ReminderName = "transfer-retry";

    private readonly LedgerService _ledger = ledger;

    private readonly ICashoutTransfers _transfers = transfers;

    private readonly CashoutRetryOptions _options = options;

    private IGrainTimer? _timer;

    private bool _attempting;

    private string CashoutId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State is { UserId: not null, Done: false })
        {
            Schedule(state.State.NextAttemptAt ?? _ledger.Time.GetUtcNow());
        }
        return Task.CompletedTask;
    }

    public async Task<CashoutTicket> Start(string userId, long diamonds)
    {
        await PaymentsSchema.EnsureAsync(database);
        var wallet = GrainFactory.GetGrain<IWalletGrain>(userId);
        if (state.State.UserId is null)
        {
            var connect = await wallet.GetConnect();
            if (connect is not { AccountId: not null, PayoutsEnabled: true } || diamonds < _ledger.Economy.MinimumCashoutDiamonds)
            {
                // Refused before anything is stored: the wallet says why.
                return await wallet.ReserveCashout(CashoutId, diamonds);
            }
            // Durable before anything moves: if this silo dies from here on, the reminder finishes the cash-out.
            state.State = state.State with { UserId = userId, AccountId = connect.AccountId, Diamonds = diamonds };
            await state.WriteStateAsync();
            await this.RegisterOrUpdateReminder(ReminderName, _options.FirstRetry, _options.ReminderPeriod);
        }
        if (state.State.Done)
        {
            return await GetTicket();
        }
        var ticket = await wallet.ReserveCashout(CashoutId, state.State.Diamonds);
        if (ticket.Status is not (CashoutStatus.Reserved or CashoutStatus.Retrying))
        {
            // Refused (minimum, balance, onboarding) or settled already: nothing left to drive.
            await StopAsync();
            return ticket;
        }
        if (state.State.Attempts == 0)
        {
            await AttemptAsync(CancellationToken.None);
        }
        return await GetTicket();
    }

    public async Task<CashoutTicket> GetTicket()
    {
        var row = await _ledger.Reader.CashoutAsync(CashoutId);
        return row is null
            ? new CashoutTicket(CashoutId, CashoutStatus.Unknown, 0, 0, null, null, _ledger.Time.GetUtcNow())
            : WalletGrain.ToTicket(row);
    }

    public async Task<CashoutTicket> ApplyReversal(string eventId, long amountReversedCents)
    {
        await PaymentsSchema.EnsureAsync(database);
        var row = await _ledger.Reader.CashoutAsync(CashoutId);
        if (row is null)
        {
            return await GetTicket();
        }
        var result = await _ledger.Writer.SubmitAsync<object>(new ReverseCashoutCommand(row.UserId, CashoutId, eventId, amountReversedCents));
        logger.LogInformation("Transfer of cash-out {CashoutId} reversed ({Cents} cents so far): {Status}", CashoutId, amountReversedCents, (result as CashoutRow)?.Status);
        return await GetTicket();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.UserId is null || state.State.Done)
        {
            await StopAsync();
            return;
        }
        if (state.State.Attempts == 0)
        {
            // The silo died between reserving and the first attempt (or before reserving: the reservation is idempotent).
            await Start(state.State.UserId, state.State.Diamonds);
        }
        else if ((state.State.NextAttemptAt ?? DateTimeOffset.MinValue) <= _ledger.Time.GetUtcNow())
        {
            await AttemptAsync(CancellationToken.None);
        }
        else
        {
            Schedule(state.State.NextAttemptAt!.Value);
        }
    }

    private async Task AttemptAsync(CancellationToken ct)
    {
        if (_attempting || state.State.Done || state.State.UserId is null)
        {
            return;
        }
        _attempting = true;
        try
        {
            var row = await _ledger.Reader.CashoutAsync(CashoutId);
            if (row is null || row.Status is not ("reserved" or "retrying"))
            {
                // Settled already (an earlier activation got the answer, then stopped before noting it).
                await StopAsync();
                return;
            }
            var attempts = state.State.Attempts + 1;
            state.State = state.State with { Attempts = attempts };
            await state.WriteStateAsync();
            var result = await _transfers.TransferAsync(new TransferOrder(row.UserId, CashoutId, row.Cents, state.State.AccountId!, attempts > 1), ct);
            if (result.Kind == TransferResultKind.Unknown)
            {
                var next = _ledger.Time.GetUtcNow() + _options.Backoff(attempts);
                await _ledger.Writer.SubmitAsync<int>(new CashoutAttemptCommand(CashoutId, attempts, next.ToUnixTimeMilliseconds(), result.Error));
                state.State = state.State with { NextAttemptAt = next };
                await state.WriteStateAsync();
                logger.LogWarning("Cash-out {CashoutId}: attempt {Attempts} has no definite answer ({Error}); next try at {Next}", CashoutId, attempts, result.Error, next);
                Schedule(next);
                return;
            }
            var paid = result.Kind == TransferResultKind.Paid;
            // The attempt count first, so whoever sees the final state also sees how many attempts it took.
            await _ledger.Writer.SubmitAsync<int>(new CashoutAttemptCommand(CashoutId, attempts, null, null));
            await GrainFactory.GetGrain<IWalletGrain>(row.UserId).SettleCashout(CashoutId, paid, result.TransferId, result.Error);
            logger.LogInformation("Cash-out {CashoutId}: {Outcome} after {Attempts} attempt(s)", CashoutId, paid ? "paid" : "refused", attempts);
            await StopAsync();
        }
        finally
        {
            _attempting = false;
        }
    }

    private void Schedule(DateTimeOffset at)
    {
        _timer?.Dispose();
        var due = at - _ledger.Time.GetUtcNow();
        _timer = this.RegisterGrainTimer(async ct =>
        {
            try
            {
                await AttemptAsync(ct);
            }
            catch (Exception ex)
            {
                // The reminder tries again; nothing is lost.
                logger.LogWarning(ex, "Cash-out {CashoutId}: retry failed", CashoutId);
            }
        }, new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (state.State.UserId is not null && !state.State.Done)
        {
            state.State = state.State with { Done = true, NextAttemptAt = null };
            await state.WriteStateAsync();
        }
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
