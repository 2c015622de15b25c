using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Moderation;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Wallet;

namespace Stagecast.Grains.Moderation;

/// <summary>
/// An account's standing. Restricting it revokes every session (tokens refused, hub connections closed by the gateways)
/// and ends the user's live rooms, which cuts their publishers off (the ended room refuses its stream key). Pending
/// cash-outs are held while the account is restricted (each looks at the standing before any transfer) and proceed
/// once it is restored.
/// </summary>
public sealed class AccountStandingGrain(
    [PersistentState("standing", "store")] IPersistentState<AccountStandingState> state,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger<AccountStandingGrain> logger) : Grain, IAccountStandingGrain
{
    private string UserId => this.GetPrimaryKeyString();

    public Task<AccountStanding> Get() => Task.FromResult(Current());

    public async Task<AccountStanding> Restrict(DateTimeOffset? until, string reason)
    {
        state.State = new AccountStandingState { Restricted = true, Until = until, Reason = reason };
        await state.WriteStateAsync();
        await grains.GetGrain<IUserGrain>(UserId).RevokeSessions();
        foreach (var room in await grains.GetGrain<IRoomDirectoryGrain>("live").List())
        {
            if (room.HostId == UserId)
            {
                // The host may always end their own room; the platform ends it in their name.
                await grains.GetGrain<ILiveRoomGrain>(room.RoomId).End(UserId);
                logger.LogInformation("Room {RoomId} of restricted {UserId} ended", room.RoomId, UserId);
            }
        }
        await RecheckCashoutsAsync();
        logger.LogInformation("{UserId} restricted until {Until}", UserId, until);
        return Current();
    }

    public async Task Restore()
    {
        state.State = new AccountStandingState();
        await state.WriteStateAsync();
        logger.LogInformation("{UserId} restored", UserId);
        await RecheckCashoutsAsync();
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
        if (!s.Restricted || (s.Until is { } until && until <= clock.GetUtcNow()))
        {
            return AccountStanding.Active;
        }
        return new AccountStanding(s.Until is null ? StandingStatus.Banned : StandingStatus.Suspended, s.Until, s.Reason);
    }
}
