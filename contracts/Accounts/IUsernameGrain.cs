namespace Stagecast.Contracts.Accounts;

/// <summary>
/// Owns one username (keyed by its lower-case form) so that names are unique cluster-wide; keyed "lookalike:" plus a
/// UTS #39 skeleton key it owns a name's look instead (the gateway's LookalikeNames).
/// </summary>
[Alias("Stagecast.IUsernameGrain")]
public interface IUsernameGrain : IGrainWithStringKey
{
    /// <summary>Reserves the name for the user id; returns the id that owns it afterwards (another id means taken).</summary>
    [Alias("Claim")]
    Task<string> Claim(string userId);

    /// <summary>Marks the claim as final once the account exists.</summary>
    [Alias("Confirm")]
    Task Confirm(string userId);

    /// <summary>The owning user id of a confirmed claim, or null.</summary>
    [Alias("Resolve")]
    Task<string?> Resolve();

    /// <summary>
    /// The owner deleted their account: the name resolves to nobody at once, and can be claimed again only from
    /// <paramref name="heldUntil"/> on (the cooling-off period). A call by anyone but the owner is ignored.
    /// </summary>
    [Alias("Release")]
    Task Release(string userId, DateTimeOffset heldUntil);

    /// <summary>Gives the name up when <paramref name="userId"/> owns it (a display name changed).</summary>
    [Alias("ReleaseOwned")]
    Task Release(string userId);
}
