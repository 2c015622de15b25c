using System.Text;
using Stripe;

namespace Stagecast.Wallet.Tests;

/// <summary>Builds Stripe event payloads and signs them as Stripe does (EventUtility.GenerateSignatureHeader).</summary>
public static class StripeEvents
{
    public const string Secret = "whsec_test_stagecast_secret";

    public static string Event(string id, string type, string objectJson) => $$$"""
        {"id":"{{{id}}}","object":"event","api_version":"2026-10-28.endive","created":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},
         "livemode":false,"pending_webhooks":1,"type":"{{{type}}}","data":{"object":{{{objectJson}}}}}
        """;

    public static string Session(string sessionId, string purchaseId, string paymentStatus, string paymentIntent) => $$$"""
        {"id":"{{{sessionId}}}","object":"checkout.session","client_reference_id":"{{{purchaseId}}}","payment_status":"{{{paymentStatus}}}",
         "payment_intent":"{{{paymentIntent}}}","status":"complete","mode":"payment","metadata":{"purchase_id":"{{{purchaseId}}}"}}
        """;

    public static string Charge(string chargeId, string paymentIntent) => $$$"""
        {"id":"{{{chargeId}}}","object":"charge","payment_intent":"{{{paymentIntent}}}","refunded":true,"amount":999,"amount_refunded":999,"metadata":{}}
        """;

    public static string Dispute(string disputeId, string paymentIntent) => $$$"""
        {"id":"{{{disputeId}}}","object":"dispute","payment_intent":"{{{paymentIntent}}}","charge":"ch_x","amount":999,"status":"needs_response","metadata":{}}
        """;

    public static string Account(string accountId, string userId, bool payoutsEnabled) => $$$"""
        {"id":"{{{accountId}}}","object":"account","type":"express","payouts_enabled":{{{(payoutsEnabled ? "true" : "false")}}},"metadata":{"user_id":"{{{userId}}}"}}
        """;

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string payload, string? secret = null, DateTimeOffset? at = null, string? header = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/stripe/webhook")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature",
            header ?? EventUtility.GenerateSignatureHeader(payload, secret ?? Secret, (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds()));
        return await client.SendAsync(request);
    }
}
