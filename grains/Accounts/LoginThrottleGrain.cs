using Stagecast.Contracts.Accounts;

namespace Stagecast.Grains.Accounts;

/// <summary>
/// One username's failed sign-ins, persisted: a restart (or a silo failing over) does not hand an attacker a fresh
/// set of free guesses. Each wrong password costs one small write; a success writes only when there was a tally.
/// </summary>
public sealed class LoginThrottleGrain(
    [PersistentState("loginThrottle", "store")] IPersistentState<LoginThrottleState> state,
    TimeProvider clock) : Grain, ILoginThrottleGrain
{
    private LoginFailures Current => new(state.State.Count, state.State.LastAt);

    public Task<LoginFailures> Get() => Task.FromResult(Current);

    public async Task<LoginFailures> Failed()
    {
        state.State = new LoginThrottleState { Count = state.State.Count + 1, LastAt = clock.GetUtcNow() };
        await state.WriteStateAsync();
        return Current;
    }

    public async Task Succeeded()
    {
        if (state.State.Count > 0)
        {
            await state.ClearStateAsync();
            state.State = new LoginThrottleState();
        }
    }
}

[GenerateSerializer, Alias("Stagecast.LoginThrottleState")]
public sealed record LoginThrottleState
{
    [Id(0)] public int Count { get; init; }
    [Id(1)] public DateTimeOffset? LastAt { get; init; }
}
