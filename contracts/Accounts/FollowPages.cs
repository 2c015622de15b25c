namespace Stagecast.Contracts.Accounts;

/// <summary>Reads a whole follow list from <see cref="IUserGrain"/>, which serves it a page (at most 500) at a time.</summary>
public static class FollowPages
{
    public const int PageSize = 500;

    /// <summary>Everyone the user follows, newest first, up to <paramref name="max"/>.</summary>
    public static Task<List<string>> FollowingAsync(IUserGrain user, int max = 1_000_000) => AllAsync(user.GetFollowing, max);

    /// <summary>Everyone who follows the user, newest first, up to <paramref name="max"/>.</summary>
    public static Task<List<string>> FollowersAsync(IUserGrain user, int max = 1_000_000) => AllAsync(user.GetFollowers, max);

    private static async Task<List<string>> AllAsync(Func<int, int, Task<IReadOnlyList<string>>> page, int max)
    {
        var all = new List<string>();
        while (all.Count < max)
        {
            var next = await page(all.Count, PageSize);
            all.AddRange(next);
            if (next.Count < PageSize)
            {
                break;
            }
        }
        return all;
    }
}
