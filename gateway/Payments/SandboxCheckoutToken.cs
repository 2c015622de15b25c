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
    private const string Purchase = "sandbox-checkout";
    private const string Subscription = "sandbox-subscription";

    public string For(string purchaseId, string buyerId) => Mac(Purchase, purchaseId, buyerId);

    public bool IsValid(string purchaseId, string buyerId, string? token) => Matches(Mac(Purchase, purchaseId, buyerId), token);

    /// <summary>The token of a sandbox subscription page: the subscription and its subscriber (a different purpose, so a purchase's token never fits).</summary>
    public string ForSubscription(string subscriptionId, string subscriberId) => Mac(Subscription, subscriptionId, subscriberId);

    public bool IsValidSubscription(string subscriptionId, string subscriberId, string? token) => Matches(Mac(Subscription, subscriptionId, subscriberId), token);

    private string Mac(string purpose, string id, string ownerId) =>
        WebEncoders.Base64UrlEncode(HMACSHA256.HashData(jwt.Key.Key, Encoding.UTF8.GetBytes($"{purpose}\n{id}\n{ownerId}")));

    private static bool Matches(string expected, string? token) =>
        token is { Length: > 0 and < 100 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(token));
}
