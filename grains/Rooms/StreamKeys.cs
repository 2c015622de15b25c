using System.Security.Cryptography;
using System.Text;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// Stream keys: "{roomId}.{32 random bytes in base64url}", compared in constant time. The room id prefix lets an
/// RTMP publisher, whose URL carries only the key, be routed to its room; the random part is the secret.
/// </summary>
internal static class StreamKeys
{
    public static string New(string roomId) => roomId + "." + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether a presented key equals the room's; an empty presented key never does.</summary>
    public static bool Matches(string presented, string expected) =>
        !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
