using Stagecast.Contracts.Accounts;

namespace Stagecast.Gateway.Accounts;

/// <summary>
/// Per-account backoff: after <c>Stagecast:Auth:FreeLoginFailures</c> (5) wrong passwords in a row, the username is
/// locked for <c>LoginBackoff</c> (30 s), doubling with each further failure up to <c>MaxLoginBackoff</c> (15 min).
/// While locked every attempt, the right password included, gets 429 with Retry-After; the tally clears on success.
/// </summary>
public sealed class LoginBackoff(IGrainFactory grains, IConfiguration configuration, TimeProvider clock)
{
    private readonly int _free = configuration.GetValue("Stagecast:Auth:FreeLoginFailures", 5);
    private readonly TimeSpan _base = configuration.GetValue("Stagecast:Auth:LoginBackoff", TimeSpan.FromSeconds(30));
    private readonly TimeSpan _max = configuration.GetValue("Stagecast:Auth:MaxLoginBackoff", TimeSpan.FromMinutes(15));

    /// <summary>How long the username is still locked, or null when it may try.</summary>
    public async Task<TimeSpan?> LockedForAsync(string username) =>
        Remaining(await Grain(username).Get());

    /// <summary>Records a wrong password.</summary>
    public Task FailedAsync(string username) => Grain(username).Failed();

    public Task SucceededAsync(string username) => Grain(username).Succeeded();

    private ILoginThrottleGrain Grain(string username) => grains.GetGrain<ILoginThrottleGrain>(AccountRules.NameKey(username));

    private TimeSpan? Remaining(LoginFailures failures)
    {
        if (failures.Count < _free || failures.LastAt is not { } last)
        {
            return null;
        }
        var doublings = Math.Min(failures.Count - _free, 20);
        var lockout = TimeSpan.FromTicks(Math.Min(_max.Ticks, _base.Ticks * (1L << doublings)));
        var remaining = last + lockout - clock.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : null;
    }
}
