using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Stagecast.Gateway.Accounts;

namespace Stagecast.Gateway.Payments;

/// <summary>
/// The secret in a sandbox checkout link (<c>?t=</c>): an HMAC of the purchase and its buyer under the gateways' shared
/// signing key, so only the buyer who started the purchase (who got the link in the purchase response) can open or
/// confirm it, on any gateway, with nothing stored. A purchase is paid once, so the link works once.
/// </summary>
public sealed class SandboxCheckoutToken(JwtSettings jwt)
{
    public string For(string purchaseId, string buyerId)
    {
        var mac = HMACSHA256.HashData(jwt.Key.Key, Encoding.UTF8.GetBytes($"sandbox-checkout\n{purchaseId}\n{buyerId}"));
        return WebEncoders.Base64UrlEncode(mac);
    }

    public bool IsValid(string purchaseId, string buyerId, string? token) =>
        token is { Length: > 0 and < 100 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(For(purchaseId, buyerId)), Encoding.ASCII.GetBytes(token));
}
