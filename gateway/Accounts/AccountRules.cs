using System.Text.RegularExpressions;
using Stagecast.Contracts.Text;

namespace Stagecast.Gateway.Accounts;

/// <summary>What a username, password and display name may be.</summary>
public static partial class AccountRules
{
    [GeneratedRegex("^[A-Za-z0-9_.]{3,32}$")]
    private static partial Regex UsernamePattern();

    public static string? UsernameError(string? username) =>
        username is null ? "username is required."
        : UsernamePattern().IsMatch(username) ? null
        : "username must be 3-32 characters of letters, digits, '_' or '.'.";

    public static string? PasswordError(string? password) =>
        password is null ? "password is required."
        : password.Length < 8 ? "password must be at least 8 characters."
        : password.Length > 128 ? "password must be at most 128 characters."
        : CommonPasswords.Contains(password) ? "password is on the list of the 10,000 most common ones; choose one that is harder to guess."
        : null;

    /// <summary>Trimmed display name; null with an error when it is empty or longer than 50 characters.</summary>
    public static (string? Value, string? Error) DisplayName(string? displayName, string fallback)
    {
        if (displayName is null)
        {
            return (fallback, null);
        }
        var trimmed = displayName.Trim();
        if (trimmed.Length > 50 || TextHygiene.Problem(trimmed) is not null)
        {
            return (null, "displayName must be 1-50 characters with a visible one, and no control or bidirectional control characters.");
        }
        return (trimmed, null);
    }

    /// <summary>The key of a username's grain: usernames are unique without regard to case.</summary>
    public static string NameKey(string username) => username.ToLowerInvariant();
}
