using Microsoft.AspNetCore.Identity;

namespace Stagecast.Gateway.Accounts;

/// <summary>ASP.NET Core's PasswordHasher (PBKDF2), salted per user id, shared by register, login and password change.</summary>
public static class Passwords
{
    private static readonly PasswordHasher<string> Hasher = new();

    public static string Hash(string userId, string password) => Hasher.HashPassword(userId, password);

    public static PasswordVerificationResult Verify(string userId, string hash, string password) =>
        Hasher.VerifyHashedPassword(userId, hash, password);
}
