using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Moderation;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Wallet;

namespace Stagecast.Grains.Moderation;

/// <summary>
/// An account's standing. Restricting it revokes every session (tokens refused, hub connections closed by the gateways)
/// and ends the user's live rooms, which cuts their publishers off (the ended room refuses its stream key). Pending
/// cash-outs are held while the account is restricted (each looks at the standing before any transfer) and proceed
/// once it is restored. A suspension ends by itself: a timer (<see cref="SuspensionOptions.SuspensionCheck"/>) and,
/// after a restart, a reminder notice that it ran out, write <c>suspension_ended</c> to the audit log and release the
/// held cash-outs. A platform-wide mute (<see cref="Mute"/>) is kept apart: restricting, restoring and a suspension
/// running out leave it as it is, and it ends by itself when its time passes (nothing is held, so nothing is released).
/// </summary>
public sealed class AccountStandingGrain(
    [PersistentState("standing", "store")] IPersistentState<AccountStandingState> state,
    IGrainFactory grains,
    TimeProvider clock,
    IOptions<SuspensionOptions> options,
    ILogger<AccountStandingGrain> logger) : Grain, IAccountStandingGrain, IRemindable
{
    private const string ReminderName = "suspension-end";
    private IGrainTimer? _timer;

    private string UserId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State is { Restricted: true, Until: not null })
        {
            Watch();
        }
        return Task.CompletedTask;
    }

    public Task<AccountStanding> Get() => Task.FromResult(Current());

    public async Task<AccountStanding> Restrict(DateTimeOffset? until, string reason)
    {
        state.State = state.State with { Restricted = true, Until = until, Reason = reason };
        await state.WriteStateAsync();
        if (until is not null)
        {
            // Durable before anything else: a silo that dies now still ends the suspension on time.
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            Watch();
        }
        else
        {
            await StopWatchingAsync();
        }
        await grains.GetGrain<IUserGrain>(UserId).RevokeSessions();
        foreach (var room in await grains.GetGrain<IRoomDirectoryGrain>("live").List())
        {
            if (room.HostId == UserId)
            {
                await grains.GetGrain<ILiveRoomGrain>(room.RoomId).TakeDown();
                logger.LogInformation("Room {RoomId} of restricted {UserId} ended", room.RoomId, UserId);
            }
        }
        await RecheckCashoutsAsync();
        logger.LogInformation("{UserId} restricted until {Until}", UserId, until);
        return Current();
    }

    public async Task Restore()
    {
        await ClearAsync();
        logger.LogInformation("{UserId} restored", UserId);
        await RecheckCashoutsAsync();
    }

    public async Task<AccountStanding> Mute(DateTimeOffset until, string reason)
    {
        state.State = state.State with { MutedUntil = until, MuteReason = reason };
        await state.WriteStateAsync();
        logger.LogInformation("{UserId} muted platform-wide until {Until}", UserId, until);
        return Current();
    }

    public async Task<bool> Unmute()
    {
        var wasMuted = Current().IsMuted;
        if (state.State.MutedUntil is not null)
        {
            state.State = state.State with { MutedUntil = null, MuteReason = null };
            await state.WriteStateAsync();
        }
        return wasMuted;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => EndIfRunOutAsync();

    private void Watch()
    {
        _timer?.Dispose();
        var period = options.Value.SuspensionCheck;
        _timer = this.RegisterGrainTimer(_ => EndIfRunOutAsync(), period, period);
    }

    /// <summary>A suspension whose time is up ends here, once: audit entry, standing cleared, held cash-outs sent.</summary>
    private async Task EndIfRunOutAsync()
    {
        var s = state.State;
        if (s is not { Restricted: true, Until: { } until })
        {
            // Restored or banned meanwhile: nothing runs out.
            await StopWatchingAsync();
            return;
        }
        if (until > clock.GetUtcNow())
        {
            return;
        }
        await grains.GetGrain<IModerationAuditGrain>("platform").Append(new AuditEntry(
            clock.GetUtcNow(), "system", "suspension_ended", "user", UserId, $"suspended until {until:u}: {s.Reason}"));
        await ClearAsync();
        logger.LogInformation("Suspension of {UserId} ran out", UserId);
        await RecheckCashoutsAsync();
    }

    private async Task ClearAsync()
    {
        if (state.State.Restricted)
        {
            state.State = state.State with { Restricted = false, Until = null, Reason = null };
            await state.WriteStateAsync();
        }
        await StopWatchingAsync();
    }

    private async Task StopWatchingAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Tells each pending cash-out to look at the standing now: hold it, or send a held one.</summary>
    private async Task RecheckCashoutsAsync()
    {
        foreach (var cashout in await grains.GetGrain<IWalletGrain>(UserId).GetCashouts(500))
        {
            if (cashout.Status is CashoutStatus.Reserved or CashoutStatus.Retrying or CashoutStatus.Held)
            {
                await grains.GetGrain<ICashoutGrain>(cashout.CashoutId).Recheck();
            }
        }
    }

    private AccountStanding Current()
    {
        var s = state.State;
        var now = clock.GetUtcNow();
        var mutedUntil = s.MutedUntil > now ? s.MutedUntil : null;
        var muteReason = mutedUntil is null ? null : s.MuteReason;
        if (!s.Restricted || (s.Until is { } until && until <= now))
        {
            return mutedUntil is null ? AccountStanding.Active : AccountStanding.Active with { MutedUntil = mutedUntil, MuteReason = muteReason };
        }
        return new AccountStanding(s.Until is null ? StandingStatus.Banned : StandingStatus.Suspended, s.Until, s.Reason, mutedUntil, muteReason);
    }
}
