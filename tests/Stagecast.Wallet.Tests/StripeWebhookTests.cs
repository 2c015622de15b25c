using System.Net;
using System.Net.Http.Json;
using Stagecast.Contracts.Wallet;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>Stripe Checkout, webhooks (signature, replay, order), refunds, disputes and Connect against a local Stripe fake.</summary>
public sealed class StripeWebhookTests(StripeGatewayFixture fixture) : IClassFixture<StripeGatewayFixture>
{
    private GatewayHost Host => fixture.Gateway.Host;

    private StripeFake Stripe => fixture.Gateway.Stripe;

    private IGrainFactory Grains => Host.Grains();

    private async Task<(string UserId, HttpClient Client, string PurchaseId, string SessionId)> StartPurchaseAsync(string packId = "coins-700")
    {
        var (userId, token) = await Host.RegisterAsync();
        var client = Host.CreateClient(token);
        var response = await client.PostAsJsonAsync("/api/wallet/purchases", new { packId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var purchaseId = body.GetProperty("purchaseId").GetString()!;
        var request = Stripe.Requests.Last(r => r.Path == "checkout/sessions" && r.Fields.GetValueOrDefault("client_reference_id") == purchaseId);
        var sessionId = new Uri(body.GetProperty("checkoutUrl").GetString()!).Segments.Last();
        return (userId, client, purchaseId, sessionId);
    }

    private static async Task<long> CoinsAsync(HttpClient client) => (await WalletKit.GetWalletAsync(client)).GetProperty("coins").GetInt64();

    private static string Id(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..16];

    [Fact]
    public async Task Purchase_creates_a_real_checkout_session_request()
    {
        var (userId, client, purchaseId, sessionId) = await StartPurchaseAsync("coins-700");
        var request = Stripe.Requests.Single(r => r.Path == "checkout/sessions" && r.Fields.GetValueOrDefault("client_reference_id") == purchaseId);
        Assert.Equal($"checkout:{purchaseId}", request.IdempotencyKey);
        Assert.Equal("Bearer sk_test_fake", request.Authorization);
        Assert.Equal("payment", request.Fields["mode"]);
        Assert.Equal("999", request.Fields["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("usd", request.Fields["line_items[0][price_data][currency]"]);
        Assert.Equal(purchaseId, request.Fields["metadata[purchase_id]"]);
        Assert.Equal(userId, request.Fields["payment_intent_data[metadata][user_id]"]);
        Assert.StartsWith("cs_test_", sessionId);
        Assert.Equal(0, await CoinsAsync(client));
    }

    [Fact]
    public async Task Completed_paid_session_credits_once_per_event_and_per_purchase()
    {
        var (_, client, purchaseId, sessionId) = await StartPurchaseAsync();
        var pi = Id("pi");
        using var anonymous = Host.CreateClient();
        var unpaid = StripeEvents.Event(Id("evt"), "checkout.session.completed", StripeEvents.Session(sessionId, purchaseId, "unpaid", pi));
        Assert.Equal(HttpStatusCode.OK, (await StripeEvents.PostAsync(anonymous, unpaid)).StatusCode);
        Assert.Equal(0, await CoinsAsync(client));

        var completed = StripeEvents.Event(Id("evt"), "checkout.session.completed", StripeEvents.Session(sessionId, purchaseId, "paid", pi));
        var first = await StripeEvents.PostAsync(anonymous, completed);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Credited", (await first.JsonAsync()).GetProperty("outcome").GetString());
        var replay = await StripeEvents.PostAsync(anonymous, completed);
        Assert.Equal("NoChange", (await replay.JsonAsync()).GetProperty("outcome").GetString());
        var asyncSuccess = StripeEvents.Event(Id("evt"), "checkout.session.async_payment_succeeded", StripeEvents.Session(sessionId, purchaseId, "paid", pi));
        Assert.Equal("NoChange", (await (await StripeEvents.PostAsync(anonymous, asyncSuccess)).JsonAsync()).GetProperty("outcome").GetString());
        Assert.Equal(700, await CoinsAsync(client));
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Async_payment_success_credits_a_delayed_payment()
    {
        var (_, client, purchaseId, sessionId) = await StartPurchaseAsync("coins-70");
        using var anonymous = Host.CreateClient();
        var evt = StripeEvents.Event(Id("evt"), "checkout.session.async_payment_succeeded", StripeEvents.Session(sessionId, purchaseId, "paid", Id("pi")));
        Assert.Equal(HttpStatusCode.OK, (await StripeEvents.PostAsync(anonymous, evt)).StatusCode);
        Assert.Equal(70, await CoinsAsync(client));
    }

    [Fact]
    public async Task Forged_tampered_and_stale_signatures_are_rejected()
    {
        var (_, client, purchaseId, sessionId) = await StartPurchaseAsync();
        using var anonymous = Host.CreateClient();
        var payload = StripeEvents.Event(Id("evt"), "checkout.session.completed", StripeEvents.Session(sessionId, purchaseId, "paid", Id("pi")));
        var attempts = new[]
        {
            await StripeEvents.PostAsync(anonymous, payload, secret: "whsec_someone_else"),
            await StripeEvents.PostAsync(anonymous, payload, at: DateTimeOffset.UtcNow.AddSeconds(-400)),
            await StripeEvents.PostAsync(anonymous, payload, header: "t=1,v1=deadbeef"),
            await StripeEvents.PostAsync(anonymous, payload, header: ""),
            await StripeEvents.PostAsync(anonymous, payload.Replace("\"paid\"", "\"paid\" "),
                header: global::Stripe.EventUtility.GenerateSignatureHeader(payload, StripeEvents.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds())),
        };
        foreach (var response in attempts)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid_signature", (await response.JsonAsync()).GetProperty("code").GetString());
        }
        Assert.Equal(0, await CoinsAsync(client));
        // The same payload, properly signed, still works: nothing was consumed by the rejected attempts.
        Assert.Equal(HttpStatusCode.OK, (await StripeEvents.PostAsync(anonymous, payload)).StatusCode);
        Assert.Equal(700, await CoinsAsync(client));
    }

    [Fact]
    public async Task Refund_before_completion_means_the_late_completion_credits_nothing()
    {
        var (_, client, purchaseId, sessionId) = await StartPurchaseAsync();
        var pi = Id("pi");
        using var anonymous = Host.CreateClient();
        var refund = StripeEvents.Event(Id("evt"), "charge.refunded", StripeEvents.Charge(Id("ch"), pi));
        Assert.Equal(HttpStatusCode.OK, (await StripeEvents.PostAsync(anonymous, refund)).StatusCode);
        var completed = StripeEvents.Event(Id("evt"), "checkout.session.completed", StripeEvents.Session(sessionId, purchaseId, "paid", pi));
        Assert.Equal("Voided", (await (await StripeEvents.PostAsync(anonymous, completed)).JsonAsync()).GetProperty("outcome").GetString());
        Assert.Equal(0, await CoinsAsync(client));
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Refund_of_spent_coins_makes_the_wallet_negative_and_claws_back_pending_diamonds()
    {
        var (sender, client, purchaseId, sessionId) = await StartPurchaseAsync();
        var pi = Id("pi");
        var creator = "c-" + Guid.NewGuid().ToString("N");
        using var anonymous = Host.CreateClient();
        await StripeEvents.PostAsync(anonymous, StripeEvents.Event(Id("evt"), "checkout.session.completed", StripeEvents.Session(sessionId, purchaseId, "paid", pi)));
        var wallet = Grains.GetGrain<IWalletGrain>(sender);
        Assert.Equal(GiftStatus.Sent, (await wallet.SendGift(new GiftOrder("r", creator, "hand-hearts", 6, "g1"))).Status);
        Assert.Equal(300, (await Grains.GetGrain<IWalletGrain>(creator).GetSummary()).PendingDiamonds);

        var refund = StripeEvents.Event(Id("evt"), "charge.refunded", StripeEvents.Charge(Id("ch"), pi));
        Assert.Equal("Reversed", (await (await StripeEvents.PostAsync(anonymous, refund)).JsonAsync()).GetProperty("outcome").GetString());
        Assert.Equal("NoChange", (await (await StripeEvents.PostAsync(anonymous, refund)).JsonAsync()).GetProperty("outcome").GetString());
        var dispute = StripeEvents.Event(Id("evt"), "charge.dispute.created", StripeEvents.Dispute(Id("dp"), pi));
        Assert.Equal("NoChange", (await (await StripeEvents.PostAsync(anonymous, dispute)).JsonAsync()).GetProperty("outcome").GetString());

        var summary = await WalletKit.GetWalletAsync(client);
        Assert.Equal(-600, summary.GetProperty("coins").GetInt64());
        Assert.False(summary.GetProperty("canGift").GetBoolean());
        Assert.Equal(GiftStatus.WalletNegative, (await wallet.SendGift(new GiftOrder("r", creator, "rose", 1, "g2"))).Status);
        Assert.Equal(GiftStatus.Repeated, (await wallet.SendGift(new GiftOrder("r", creator, "hand-hearts", 6, "g1"))).Status);
        Assert.Equal(0, (await Grains.GetGrain<IWalletGrain>(creator).GetSummary()).PendingDiamonds);
        Assert.Equal("clawed", (await Grains.GetGrain<IWalletGrain>(creator).GetEarnings(5)).Single().State);
        await WalletKit.AssertLedgerHoldsAsync(Grains);

        // A new purchase first settles what is owed.
        await WalletKit.FundAsync(Grains, sender, "coins-700");
        var settled = await WalletKit.GetWalletAsync(client);
        Assert.Equal(100, settled.GetProperty("coins").GetInt64());
        Assert.True(settled.GetProperty("canGift").GetBoolean());
        Assert.Equal(GiftStatus.Sent, (await wallet.SendGift(new GiftOrder("r", creator, "rose", 1, "g3"))).Status);
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Dispute_reverses_an_unspent_purchase()
    {
        var (_, client, purchaseId, sessionId) = await StartPurchaseAsync("coins-350");
        var pi = Id("pi");
        using var anonymous = Host.CreateClient();
        await StripeEvents.PostAsync(anonymous, StripeEvents.Event(Id("evt"), "checkout.session.completed", StripeEvents.Session(sessionId, purchaseId, "paid", pi)));
        Assert.Equal(350, await CoinsAsync(client));
        var dispute = StripeEvents.Event(Id("evt"), "charge.dispute.created", StripeEvents.Dispute(Id("dp"), pi));
        Assert.Equal("Reversed", (await (await StripeEvents.PostAsync(anonymous, dispute)).JsonAsync()).GetProperty("outcome").GetString());
        Assert.Equal(0, await CoinsAsync(client));
        Assert.True((await WalletKit.GetWalletAsync(client)).GetProperty("canGift").GetBoolean());
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Connect_onboarding_account_updated_and_transfer_with_derived_idempotency_key()
    {
        await using var gateway = await StripeGateway.StartAsync(holdWindow: "00:00:00");
        var host = gateway.Host;
        var (creator, token) = await host.RegisterAsync();
        using var client = host.CreateClient(token);
        var link = await (await client.PostAsync("/api/wallet/connect/onboarding", null)).JsonAsync();
        var accountId = link.GetProperty("accountId").GetString()!;
        Assert.StartsWith("acct_fake_", accountId);
        Assert.Contains(accountId, link.GetProperty("url").GetString());
        var accountRequest = gateway.Stripe.Requests.Single(r => r.Path == "accounts");
        Assert.Equal("express", accountRequest.Fields["type"]);
        Assert.Equal(creator, accountRequest.Fields["metadata[user_id]"]);
        var linkRequest = gateway.Stripe.Requests.Single(r => r.Path == "account_links");
        Assert.Equal("account_onboarding", linkRequest.Fields["type"]);
        Assert.Equal(accountId, linkRequest.Fields["account"]);

        var sender = "s-" + Guid.NewGuid().ToString("N");
        await WalletKit.FundAsync(host.Grains(), sender, "coins-700");
        await host.Grains().GetGrain<IWalletGrain>(sender).SendGift(new GiftOrder("r", creator, "hand-hearts", 6, "g"));
        var early = await client.PostAsJsonAsync("/api/wallet/cashouts", new { diamonds = 200 });
        Assert.Equal("payouts_not_enabled", (await early.JsonAsync()).GetProperty("code").GetString());

        using var anonymous = host.CreateClient();
        await StripeEvents.PostAsync(anonymous, StripeEvents.Event(Id("evt"), "account.updated", StripeEvents.Account(accountId, creator, true)));
        Assert.True((await WalletKit.GetWalletAsync(client)).GetProperty("payoutsEnabled").GetBoolean());

        var paid = await (await client.PostAsJsonAsync("/api/wallet/cashouts", new { diamonds = 200 })).JsonAsync();
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        var cashoutId = paid.GetProperty("cashoutId").GetString()!;
        var transfer = gateway.Stripe.Requests.Single(r => r.Path == "transfers");
        Assert.Equal($"cashout:{cashoutId}", transfer.IdempotencyKey);
        Assert.Equal("100", transfer.Fields["amount"]);
        Assert.Equal(accountId, transfer.Fields["destination"]);
        Assert.StartsWith("tr_fake_", paid.GetProperty("transferId").GetString());

        gateway.Stripe.FailTransfersWith = "insufficient_funds";
        var failed = await (await client.PostAsJsonAsync("/api/wallet/cashouts", new { diamonds = 100 })).JsonAsync();
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var wallet = await WalletKit.GetWalletAsync(client);
        Assert.Equal(100, wallet.GetProperty("diamonds").GetInt64());
        Assert.Equal(0, wallet.GetProperty("reservedDiamonds").GetInt64());
        await WalletKit.AssertLedgerHoldsAsync(host.Grains());
    }
}
