using Stagecast.Contracts.Accounts;

namespace Stagecast.Gateway.Accounts;

/// <summary>
/// No name may look like another user's username or display name: each account owns the <see cref="Confusables.Keys"/>
/// of its username and of its display name, through the same two-step claim as usernames (an unconfirmed claim of a
/// registration that died is free again after a minute). Accounts made before this rule hold no claims.
/// </summary>
public static class LookalikeNames
{
    public const string Code = "name_confusable";

    private static IEnumerable<(string Name, string Key)> ClaimKeys(string[] names) =>
        names.SelectMany(name => Confusables.Keys(name).Select(key => (Name: name, Key: "lookalike:" + key))).DistinctBy(c => c.Key);

    private static IEnumerable<(string Name, IUsernameGrain Grain)> Claims(IGrainFactory grains, string[] names) =>
        ClaimKeys(names).Select(c => (c.Name, grains.GetGrain<IUsernameGrain>(c.Key)));

    /// <summary>The username-grain keys of the look of the names: what an account deletion holds with the username.</summary>
    public static IReadOnlyList<string> ClaimGrainKeys(params string[] names) => ClaimKeys(names).Select(c => c.Key).ToList();

    /// <summary>Claims the look of each name for the user; null when they are all the user's, else the first name that is someone else's.</summary>
    public static async Task<string?> ClaimAsync(IGrainFactory grains, string userId, params string[] names)
    {
        foreach (var (name, claim) in Claims(grains, names))
        {
            if (await claim.Claim(userId) != userId)
            {
                return name;
            }
        }
        return null;
    }

    public static async Task ConfirmAsync(IGrainFactory grains, string userId, params string[] names)
    {
        foreach (var (_, claim) in Claims(grains, names))
        {
            await claim.Confirm(userId);
        }
    }

    /// <summary>Gives up the look of each name that the user owns.</summary>
    public static async Task ReleaseAsync(IGrainFactory grains, string userId, params string[] names)
    {
        foreach (var (_, claim) in Claims(grains, names))
        {
            await claim.Release(userId);
        }
    }

    /// <summary>Gives up keys the user owns (a display name changed: its old keys that no other name of the user holds).</summary>
    public static async Task ReleaseKeysAsync(IGrainFactory grains, string userId, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            await grains.GetGrain<IUsernameGrain>("lookalike:" + key).Release(userId);
        }
    }

    public static IResult Conflict(string name) => Problems.Problem.Conflict(Code,
        $"'{name}' looks like another user's name (the same letters up to case, spacing or look-alike characters); choose another.");
}
