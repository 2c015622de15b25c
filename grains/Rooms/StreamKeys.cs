using System.Security.Cryptography;
using System.Text;

namespace Stagecast.Grains.Rooms;

/// <summary>Stream keys: 32 random bytes in base64url, compared in constant time.</summary>
internal static class StreamKeys
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether a presented key equals the room's; an empty presented key never does.</summary>
    public static bool Matches(string presented, string expected) =>
        !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
