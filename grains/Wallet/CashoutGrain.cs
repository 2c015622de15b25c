using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Wallet;

/// <summary>
/// Drives one cash-out's Stripe Transfer to a definite answer, one <see cref="CashoutAttempt"/> at a time. A durable
/// reminder exists before the reservation, so no reserved cash-out is left undriven; unknown outcomes are retried with
/// doubling waits (a grain timer; the reminder wakes the grain after a restart: <see cref="CashoutProgress.Wake"/>).
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
    private IGrainTimer? _timer;
    private bool _attempting;
    private CashoutAttempt? _attempt;

    private string CashoutId => this.GetPrimaryKeyString();
    private CashoutAttempt Attempt => _attempt ??= new(CashoutId, ledger, transfers, options, state, GrainFactory, logger);

    private CashoutHold Hold => new(CashoutId, ledger, state, GrainFactory, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (CashoutProgress.Pending(state.State))
        {
            Schedule(state.State.NextAttemptAt ?? ledger.Time.GetUtcNow());
        }
        return Task.CompletedTask;
    }

    public async Task<CashoutTicket> Start(string userId, long diamonds)
    {
        await PaymentsSchema.EnsureAsync(database);
        var wallet = GrainFactory.GetGrain<IWalletGrain>(userId);
        if (state.State.UserId is null)
        {
            if (await CashoutHold.RestrictedAsync(GrainFactory, userId))
            {
                // A suspended or banned account asks for nothing new: refused before anything is stored.
                return CashoutTickets.Bare(CashoutId, CashoutStatus.AccountRestricted, diamonds, 0, ledger.Time.GetUtcNow());
            }
            var connect = await wallet.GetConnect();
            if (!CashoutProgress.Payable(connect, diamonds, ledger.Economy.MinimumCashoutDiamonds))
            {
                // Refused before anything is stored: the wallet says why.
                return await wallet.ReserveCashout(CashoutId, diamonds);
            }
            // Durable before anything moves: if this silo dies from here on, the reminder finishes the cash-out.
            state.State = state.State with { UserId = userId, AccountId = connect.AccountId, Diamonds = diamonds };
            await state.WriteStateAsync();
            await this.RegisterOrUpdateReminder(ReminderName, options.FirstRetry, options.ReminderPeriod);
        }
        if (state.State.Done)
        {
            return await GetTicket();
        }
        var ticket = await wallet.ReserveCashout(CashoutId, state.State.Diamonds);
        if (!CashoutProgress.Driven(ticket.Status))
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
        var row = await ledger.Reader.CashoutAsync(CashoutId);
        return row is null
            ? CashoutTickets.Bare(CashoutId, CashoutStatus.Unknown, 0, 0, ledger.Time.GetUtcNow())
            : CashoutTickets.From(row);
    }

    public async Task<CashoutTicket> ApplyReversal(string eventId, long amountReversedCents)
    {
        await PaymentsSchema.EnsureAsync(database);
        var row = await ledger.Reader.CashoutAsync(CashoutId);
        if (row is null)
        {
            return await GetTicket();
        }
        var result = await ledger.Writer.SubmitAsync<object>(new ReverseCashoutCommand(row.UserId, CashoutId, eventId, amountReversedCents));
        logger.LogInformation("Transfer of cash-out {CashoutId} reversed ({Cents} cents so far): {Status}", CashoutId, amountReversedCents, (result as CashoutRow)?.Status);
        return await GetTicket();
    }

    public async Task Recheck()
    {
        var wasHeld = state.State.Held;
        if (CashoutProgress.Pending(state.State) && (await Hold.HoldsAsync() || wasHeld))
        {
            _timer?.Dispose();
            await AttemptAsync(CancellationToken.None);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (CashoutProgress.Wake(state.State, ledger.Time.GetUtcNow()))
        {
            case CashoutWake.Stop:
                await StopAsync();
                break;
            case CashoutWake.Restart:
                await Start(state.State.UserId!, state.State.Diamonds);
                break;
            case CashoutWake.Attempt:
                await AttemptAsync(CancellationToken.None);
                break;
            default:
                Schedule(state.State.NextAttemptAt!.Value);
                break;
        }
    }

    private async Task AttemptAsync(CancellationToken ct)
    {
        if (_attempting || !CashoutProgress.Pending(state.State))
        {
            return;
        }
        _attempting = true;
        try
        {
            if (await Hold.HoldsAsync())
            {
                // Nothing goes to Stripe while the account is restricted; the reminder (or a restore) looks again.
                return;
            }
            if (await Attempt.RunAsync(ct) is { } next)
            {
                Schedule(next);
            }
            else
            {
                await StopAsync();
            }
        }
        finally
        {
            _attempting = false;
        }
    }

    private void Schedule(DateTimeOffset at)
    {
        _timer?.Dispose();
        var due = at - ledger.Time.GetUtcNow();
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
        if (CashoutProgress.Pending(state.State))
        {
            state.State = CashoutProgress.Done(state.State);
            await state.WriteStateAsync();
        }
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
