using Stagecast.Contracts.Accounts;

namespace Stagecast.Grains.Accounts;

/// <summary>
/// Two-step claim so that a registration that died between claiming the name and creating the
/// account does not lock the name forever: an unconfirmed claim older than a minute can be taken over.
/// A name released by a deleted account stays held (resolving to nobody) until its cooling-off period ends.
/// </summary>
public sealed class UsernameGrain(
    [PersistentState("username", "store")] IPersistentState<UsernameState> state,
    TimeProvider clock) : Grain, IUsernameGrain
{
    private static readonly TimeSpan AbandonedClaim = TimeSpan.FromMinutes(1);

    public async Task<string> Claim(string userId)
    {
        var current = state.State;
        var free = current.UserId is null
            || (current.HeldUntil is { } held ? clock.GetUtcNow() >= held
                : !current.Confirmed && clock.GetUtcNow() - current.ClaimedAt > AbandonedClaim);
        if (!free)
        {
            return current.UserId!;
        }
        state.State = new UsernameState { UserId = userId, Confirmed = false, ClaimedAt = clock.GetUtcNow() };
        await state.WriteStateAsync();
        return userId;
    }

    public async Task Confirm(string userId)
    {
        if (state.State.UserId != userId)
        {
            throw new InvalidOperationException("The name is not claimed by this user.");
        }
        if (!state.State.Confirmed)
        {
            state.State = state.State with { Confirmed = true };
            await state.WriteStateAsync();
        }
    }

    public async Task Release(string userId, DateTimeOffset heldUntil)
    {
        if (state.State.UserId == userId && state.State.HeldUntil is null)
        {
            state.State = state.State with { Confirmed = false, HeldUntil = heldUntil };
            await state.WriteStateAsync();
        }
    }

    public Task<string?> Resolve() => Task.FromResult(state.State.Confirmed ? state.State.UserId : null);

    public async Task Release(string userId)
    {
        if (state.State.UserId == userId)
        {
            state.State = new UsernameState();
            await state.WriteStateAsync();
        }
    }
}
