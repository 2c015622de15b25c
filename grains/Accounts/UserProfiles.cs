using System.Collections.Immutable;
using Stagecast.Contracts.Accounts;

namespace Stagecast.Grains.Accounts;

/// <summary>A user's public profile and follow lists as read from their state, and profile edits; pure.</summary>
internal static class UserProfiles
{
    public const int MaxPage = 500;

    public static UserProfile Profile(string userId, UserState s) => new(
        userId, s.Username!, s.DisplayName, s.AvatarUrl, s.Bio, s.Followers.Count, s.Following.Count, s.CreatedAt, s.Country);

    /// <summary>An edit: a null field keeps its value, an empty avatar or bio clears it.</summary>
    public static UserState Updated(UserState s, ProfileUpdate update) => s with
    {
        DisplayName = update.DisplayName ?? s.DisplayName,
        AvatarUrl = update.AvatarUrl is null ? s.AvatarUrl : NullIfEmpty(update.AvatarUrl),
        Bio = update.Bio is null ? s.Bio : NullIfEmpty(update.Bio),
        Country = update.Country is null ? s.Country : NullIfEmpty(update.Country),
    };

    /// <summary>A deleted account: nothing but a bumped session version, so that no token of it is accepted again.</summary>
    public static UserState Erased(UserState s) => new() { SessionVersion = s.SessionVersion + 1 };

    /// <summary>A page of a follow list, newest first, at most <see cref="MaxPage"/> long.</summary>
    public static IReadOnlyList<string> Page(ImmutableList<string> oldestFirst, int skip, int take) =>
        oldestFirst.Reverse().Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 0, MaxPage)).ToArray();

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
