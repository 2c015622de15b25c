using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>A buyer's purchase driven through the real webhook endpoint with signed events: pay, refund (partially), dispute.</summary>
public sealed class StripeFlow(GatewayHost host, string userId, HttpClient client, string purchaseId, string sessionId, string paymentIntent)
{
    public string UserId => userId;

    public HttpClient Client => client;

    public string PurchaseId => purchaseId;

    public string PaymentIntent => paymentIntent;

    public string ChargeId { get; } = Id("ch");

    public static string Id(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..16];

    public static async Task<StripeFlow> StartAsync(GatewayHost host, string packId = "coins-700")
    {
        var (userId, token) = await host.RegisterAsync();
        var client = host.CreateClient(token);
        var response = await client.PostAsJsonAsync("/api/wallet/purchases", new { packId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var sessionId = new Uri(body.GetProperty("checkoutUrl").GetString()!).Segments.Last();
        return new StripeFlow(host, userId, client, body.GetProperty("purchaseId").GetString()!, sessionId, Id("pi"));
    }

    /// <summary>Posts a signed event and returns the ledger's outcome for it.</summary>
    public async Task<string> SendAsync(string type, string objectJson, string? eventId = null)
    {
        using var anonymous = host.CreateClient();
        var response = await StripeEvents.PostAsync(anonymous, StripeEvents.Event(eventId ?? Id("evt"), type, objectJson));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("outcome").GetString()!;
    }

    public Task<string> PayAsync() =>
        SendAsync("checkout.session.completed", StripeEvents.Session(sessionId, purchaseId, "paid", paymentIntent));

    /// <summary>charge.refunded with the charge's cumulative amount_refunded.</summary>
    public Task<string> ChargeRefundedAsync(long amountRefunded, long amount = 999, string? eventId = null, bool withPurchaseId = false) =>
        SendAsync("charge.refunded", $$$"""
            {"id":"{{{ChargeId}}}","object":"charge","payment_intent":"{{{paymentIntent}}}","amount":{{{amount}}},"amount_refunded":{{{amountRefunded}}},
             "refunded":{{{(amountRefunded >= amount ? "true" : "false")}}},"currency":"usd","metadata":{{{(withPurchaseId ? $$"""{"purchase_id":"{{purchaseId}}"}""" : "{}")}}}}
            """, eventId);

    /// <summary>refund.created for one refund (its own amount, not cumulative).</summary>
    public Task<string> RefundCreatedAsync(string refundId, long amount) =>
        SendAsync("refund.created", $$$"""
            {"id":"{{{refundId}}}","object":"refund","amount":{{{amount}}},"charge":"{{{ChargeId}}}","payment_intent":"{{{paymentIntent}}}","status":"succeeded","currency":"usd","metadata":{}}
            """);

    /// <summary>A dispute event; <paramref name="funds"/> are its balance transactions (id, amount, fee).</summary>
    public Task<string> DisputeAsync(string type, string disputeId, string status, long amount, params (string Id, long Amount, long Fee)[] funds) =>
        SendAsync(type, $$$"""
            {"id":"{{{disputeId}}}","object":"dispute","amount":{{{amount}}},"charge":"{{{ChargeId}}}","payment_intent":"{{{paymentIntent}}}","currency":"usd",
             "status":"{{{status}}}","reason":"fraudulent","is_charge_refundable":false,"metadata":{},
             "balance_transactions":[{{{string.Join(",", funds.Select(f => $$"""
                {"id":"{{f.Id}}","object":"balance_transaction","amount":{{f.Amount}},"fee":{{f.Fee}},"net":{{f.Amount - f.Fee}},"currency":"usd","type":"adjustment","reporting_category":"dispute","status":"available"}
                """))}}}]}
            """);

    public async Task<long> CoinsAsync() => (await WalletKit.GetWalletAsync(client)).GetProperty("coins").GetInt64();

    /// <summary>Committed balances of any accounts (platform accounts included), straight from the ledger.</summary>
    /// <summary>A creator with payouts enabled (Connect onboarding, then account.updated) and 300 available diamonds; returns the creator's client and account.</summary>
    public static async Task<(string Creator, HttpClient Client, string AccountId)> CreatorAsync(GatewayHost host)
    {
        var (creator, token) = await host.RegisterAsync();
        var client = host.CreateClient(token);
        var accountId = (await (await client.PostAsync("/api/wallet/connect/onboarding", null)).JsonAsync()).GetProperty("accountId").GetString()!;
        using var anonymous = host.CreateClient();
        await StripeEvents.PostAsync(anonymous, StripeEvents.Event(Id("evt"), "account.updated", StripeEvents.Account(accountId, creator, true)));
        var sender = "s-" + Guid.NewGuid().ToString("N");
        await WalletKit.FundAsync(host.Grains(), sender, "coins-700");
        Assert.Equal(Contracts.Wallet.GiftStatus.Sent, (await host.Grains().GetGrain<Contracts.Wallet.IWalletGrain>(sender).SendGift(new Contracts.Wallet.GiftOrder("r", creator, "hand-hearts", 6, "g"))).Status);
        Assert.Equal(300, (await WalletKit.GetWalletAsync(client)).GetProperty("diamonds").GetInt64());
        return (creator, client, accountId);
    }

    public static async Task<long> BalanceAsync(GatewayHost host, string account) =>
        (await host.Services.GetRequiredService<LedgerService>().Reader.BalancesAsync([account]))[account];
}
