namespace Stagecast.Gateway.Accounts;

/// <summary>The per-address rate-limit buckets of the account endpoints (<c>Stagecast:Auth:AttemptsPerMinute</c> each).</summary>
public static class AuthPolicies
{
    public const string Register = "auth-register";
    public const string Login = "auth-login";
    public const string Refresh = "auth-refresh";
    public const string PasswordChange = "auth-password";
    public const string Mail = "auth-mail";

    public static readonly string[] All = [Register, Login, Refresh, PasswordChange, Mail];
}
