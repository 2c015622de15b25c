using Orleans.Concurrency;

namespace Stagecast.Contracts.Moderation;

/// <summary>An account's platform standing, keyed by user id; restricting it revokes the sessions and ends the live rooms.</summary>
[Alias("Stagecast.IAccountStandingGrain")]
public interface IAccountStandingGrain : IGrainWithStringKey
{
    /// <summary>The standing now (a suspension whose end has passed reads as active).</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<AccountStanding> Get();

    /// <summary>Suspends until the given time, or bans when null: sessions revoked, live rooms ended, pending cash-outs held.</summary>
    [Alias("Restrict")]
    Task<AccountStanding> Restrict(DateTimeOffset? until, string reason);

    /// <summary>Lifts a suspension or ban; held cash-outs proceed. A platform-wide mute stays.</summary>
    [Alias("Restore")]
    Task Restore();

    /// <summary>Mutes the account platform-wide until the given time (replacing an earlier mute); sessions stay.</summary>
    [Alias("Mute")]
    Task<AccountStanding> Mute(DateTimeOffset until, string reason);

    /// <summary>Lifts a platform-wide mute; false when there was none.</summary>
    [Alias("Unmute")]
    Task<bool> Unmute();
}
