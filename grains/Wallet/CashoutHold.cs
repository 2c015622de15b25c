using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Moderation;
using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Wallet;

/// <summary>
/// Holds a cash-out while its creator's account is suspended or banned: checked before every transfer attempt, so
/// nothing reaches Stripe Connect while the account is restricted. The hold is stored (grain state and a ledger mark
/// the creator sees as "held"); the diamonds stay reserved, no money moves. Lifted when the account is active again.
/// </summary>
internal sealed class CashoutHold(string cashoutId, LedgerService ledger, IPersistentState<CashoutGrainState> state, IGrainFactory grains, ILogger logger)
{
    /// <summary>Whether the creator's account is restricted now.</summary>
    public static async Task<bool> RestrictedAsync(IGrainFactory grains, string userId) =>
        (await grains.GetGrain<IAccountStandingGrain>(userId).Get()).Status != StandingStatus.Active;

    /// <summary>True while the account is restricted (the hold noted, once); false when the transfer may go ahead (a hold lifted).</summary>
    public async Task<bool> HoldsAsync()
    {
        var restricted = await RestrictedAsync(grains, state.State.UserId!);
        if (restricted == state.State.Held)
        {
            return restricted;
        }
        // The ledger mark first: whoever sees the grain's hold also sees the creator's "held".
        await ledger.Writer.SubmitAsync<int>(new CashoutHoldCommand(cashoutId, restricted));
        state.State = state.State with { Held = restricted, NextAttemptAt = restricted ? null : state.State.NextAttemptAt };
        await state.WriteStateAsync();
        logger.LogInformation("Cash-out {CashoutId} of {UserId}: {Action}", cashoutId, state.State.UserId, restricted ? "held (account restricted)" : "hold lifted");
        return restricted;
    }
}
