using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Stagecast.Grains.Accounts;

/// <summary>
/// Rotating refresh tokens (OAuth 2.0 Security BCP, RFC 9700 §4.14.2): each refresh replaces the secret; a secret that
/// was already used shows the chain was copied, so the whole family is revoked. Secrets are kept only as SHA-256 hashes.
/// </summary>
internal static class RefreshFamilies
{
    public const int MaxFamilies = 20;
    private const int MaxUsed = 50;
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromDays(30);
    public static readonly ImmutableDictionary<string, RefreshFamily> None = ImmutableDictionary<string, RefreshFamily>.Empty;

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The families with a new one added (idle ones dropped, the least recently used beyond the cap dropped).</summary>
    public static ImmutableDictionary<string, RefreshFamily> Start(
        ImmutableDictionary<string, RefreshFamily> families, string familyId, string secret, DateTimeOffset now)
    {
        var kept = families.Where(f => now - f.Value.LastUsedAt < IdleLifetime)
            .OrderByDescending(f => f.Value.LastUsedAt).Take(MaxFamilies - 1);
        return ImmutableDictionary.CreateRange(kept).SetItem(familyId, new RefreshFamily(Hash(secret), [], now));
    }

    /// <summary>What presenting <paramref name="secret"/> for the family does: rotate, revoke the family (reuse), or nothing.</summary>
    public static (ImmutableDictionary<string, RefreshFamily> Families, bool Rotated) Use(
        ImmutableDictionary<string, RefreshFamily> families, string familyId, string secret, string next, DateTimeOffset now)
    {
        if (!families.TryGetValue(familyId, out var family) || now - family.LastUsedAt >= IdleLifetime)
        {
            return (families, false);
        }
        var hash = Hash(secret);
        if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(family.CurrentHash)))
        {
            var used = family.UsedHashes.Add(family.CurrentHash);
            used = used.Count > MaxUsed ? used.RemoveAt(0) : used;
            return (families.SetItem(familyId, new RefreshFamily(Hash(next), used, now)), true);
        }
        return family.UsedHashes.Contains(hash) ? (families.Remove(familyId), false) : (families, false);
    }
}
