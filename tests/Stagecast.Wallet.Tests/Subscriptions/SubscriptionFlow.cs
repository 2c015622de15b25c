using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests.Subscriptions;

/// <summary>
/// A viewer's subscription to a creator, started over the API against the Stripe fake and driven through the real
/// webhook endpoint with signed events in Stripe's 2026 shapes (invoice.parent.subscription_details, invoice.payments,
/// subscription items' current_period_end). Each event carries its own created time, so order can be tested.
/// </summary>
public sealed class SubscriptionFlow(GatewayHost host, string subscriberId, HttpClient subscriber, string creatorId, string subscriptionId)
{
    public const long Price = 499;

    /// <summary>The creator's diamonds for one supporter invoice: ⌊499 × 70 % × 2 diamonds per cent⌋.</summary>
    public const long CreatorDiamonds = 698;

    public string SubscriberId => subscriberId;

    public HttpClient Subscriber => subscriber;

    public string CreatorId => creatorId;

    public string SubscriptionId => subscriptionId;

    public string StripeSubscriptionId { get; } = Id("sub");

    public static string Id(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..16];

    public static async Task<SubscriptionFlow> StartAsync(GatewayHost host, string? creatorId = null)
    {
        creatorId ??= (await host.RegisterAsync()).UserId;
        var (userId, token) = await host.RegisterAsync();
        var client = host.CreateClient(token);
        var response = await client.PostAsJsonAsync("/api/subscriptions", new { creatorId, tierId = "supporter" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return new SubscriptionFlow(host, userId, client, creatorId, body.GetProperty("subscriptionId").GetString()!);
    }

    public static long Unix(DateTimeOffset at) => at.ToUnixTimeSeconds();

    /// <summary>Posts a signed event created at <paramref name="created"/> and returns the outcome the gateway reports.</summary>
    public async Task<string> SendAsync(string type, string objectJson, DateTimeOffset? created = null, string? eventId = null)
    {
        var payload = $$$"""
            {"id":"{{{eventId ?? Id("evt")}}}","object":"event","api_version":"2026-10-28.endive","created":{{{Unix(created ?? DateTimeOffset.UtcNow)}}},
             "livemode":false,"pending_webhooks":1,"type":"{{{type}}}","data":{"object":{{{objectJson}}}}}
            """;
        using var anonymous = host.CreateClient();
        var response = await StripeEvents.PostAsync(anonymous, payload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("outcome").GetString()!;
    }

    public Task<string> CheckoutCompletedAsync(DateTimeOffset? created = null) => SendAsync("checkout.session.completed", $$$"""
        {"id":"{{{Id("cs")}}}","object":"checkout.session","mode":"subscription","client_reference_id":"{{{subscriptionId}}}","payment_status":"paid",
         "status":"complete","subscription":"{{{StripeSubscriptionId}}}","metadata":{"subscription_id":"{{{subscriptionId}}}"}}
        """, created);

    public string InvoiceJson(string invoiceId, string paymentIntent, DateTimeOffset periodEnd, long amountPaid = Price, string status = "paid") => $$$"""
        {"id":"{{{invoiceId}}}","object":"invoice","amount_paid":{{{amountPaid}}},"amount_due":{{{Price}}},"currency":"usd","status":"{{{status}}}",
         "billing_reason":"subscription_cycle",
         "parent":{"type":"subscription_details","subscription_details":{"subscription":"{{{StripeSubscriptionId}}}","metadata":{"subscription_id":"{{{subscriptionId}}}"} } },
         "lines":{"object":"list","has_more":false,"data":[{"id":"il_{{{invoiceId}}}","object":"line_item","amount":{{{Price}}},"currency":"usd",
           "period":{{{Period(periodEnd)}}}}]},
         "payments":{"object":"list","has_more":false,"data":[{"id":"inpay_{{{invoiceId}}}","object":"invoice_payment","status":"{{{status}}}",
           "payment":{"type":"payment_intent","payment_intent":"{{{paymentIntent}}}"}}]}}
        """;

    private static string Period(DateTimeOffset end) => $$"""{"start":{{Unix(end.AddDays(-30))}},"end":{{Unix(end)}}}""";

    public Task<string> InvoicePaidAsync(string invoiceId, string paymentIntent, DateTimeOffset periodEnd, DateTimeOffset? created = null, string? eventId = null,
        string type = "invoice.paid") => SendAsync(type, InvoiceJson(invoiceId, paymentIntent, periodEnd), created, eventId);

    public Task<string> InvoiceFailedAsync(string invoiceId, DateTimeOffset periodEnd, DateTimeOffset? created = null) =>
        SendAsync("invoice.payment_failed", InvoiceJson(invoiceId, Id("pi"), periodEnd, 0, "open"), created);

    public Task<string> SubscriptionEventAsync(string type, string status, bool cancelAtPeriodEnd, DateTimeOffset periodEnd, DateTimeOffset? created = null) =>
        SendAsync(type, $$$"""
            {"id":"{{{StripeSubscriptionId}}}","object":"subscription","status":"{{{status}}}","cancel_at_period_end":{{{(cancelAtPeriodEnd ? "true" : "false")}}},
             "metadata":{"subscription_id":"{{{subscriptionId}}}"},
             "items":{"object":"list","has_more":false,"data":[{"id":"si_1","object":"subscription_item","current_period_end":{{{Unix(periodEnd)}}},
               "current_period_start":{{{Unix(periodEnd.AddDays(-30))}}}}]}}
            """, created);

    public Task<string> ChargeRefundedAsync(string paymentIntent, long amountRefunded, string? eventId = null) => SendAsync("charge.refunded", $$$"""
        {"id":"ch_{{{paymentIntent}}}","object":"charge","payment_intent":"{{{paymentIntent}}}","amount":{{{Price}}},"amount_refunded":{{{amountRefunded}}},
         "refunded":{{{(amountRefunded >= Price ? "true" : "false")}}},"currency":"usd","metadata":{}}
        """, eventId: eventId);

    /// <summary>A dispute event; <paramref name="funds"/> are its balance transactions (withdrawal or reinstatement, and Stripe's fee).</summary>
    public Task<string> DisputeAsync(string type, string paymentIntent, string disputeId, string status, params (string Id, long Amount, long Fee)[] funds) => SendAsync(type, $$$"""
        {"id":"{{{disputeId}}}","object":"dispute","amount":{{{Price}}},"charge":"ch_{{{paymentIntent}}}","payment_intent":"{{{paymentIntent}}}","currency":"usd",
         "status":"{{{status}}}","reason":"fraudulent","is_charge_refundable":false,"metadata":{},
         "balance_transactions":[{{{string.Join(",", funds.Select(f => $$"""{"id":"{{f.Id}}","object":"balance_transaction","amount":{{f.Amount}},"fee":{{f.Fee}},"net":{{f.Amount - f.Fee}},"currency":"usd"}"""))}}}]}
        """);

    /// <summary>This subscription as GET /api/me/subscriptions shows it to the subscriber.</summary>
    public async Task<JsonElement> MineAsync()
    {
        var list = await subscriber.GetFromJsonAsync<JsonElement>("/api/me/subscriptions");
        return list.EnumerateArray().Single(s => s.GetProperty("subscriptionId").GetString() == subscriptionId);
    }

    public async Task<string> StatusAsync() => (await MineAsync()).GetProperty("status").GetString()!;
}
