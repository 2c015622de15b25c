using Stagecast.Contracts.Accounts;

namespace Stagecast.Grains.Accounts;

/// <summary>
/// One username's failed sign-ins. Kept in memory: a silo restart forgets them, which costs an attacker nothing they
/// could not get by waiting out the backoff, and spares a storage write per wrong password.
/// </summary>
public sealed class LoginThrottleGrain(TimeProvider clock) : Grain, ILoginThrottleGrain
{
    private LoginFailures _failures = LoginFailures.None;

    public Task<LoginFailures> Get() => Task.FromResult(_failures);

    public Task<LoginFailures> Failed()
    {
        _failures = new LoginFailures(_failures.Count + 1, clock.GetUtcNow());
        return Task.FromResult(_failures);
    }

    public Task Succeeded()
    {
        _failures = LoginFailures.None;
        return Task.CompletedTask;
    }
}
