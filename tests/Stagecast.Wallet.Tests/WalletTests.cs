using System.Net;
using System.Net.Http.Json;
using Stagecast.Contracts.Wallet;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>Wallet, gifts and cash-outs through a real embedded gateway with the sandbox provider.</summary>
public sealed class WalletTests(SandboxGatewayFixture fixture) : IClassFixture<SandboxGatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private IGrainFactory Grains => Host.Grains();

    private static GiftOrder Order(string recipient, string giftId, int count, string? requestId = null) =>
        new("room-1", recipient, giftId, count, requestId ?? Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Catalog_and_packs_come_from_configuration()
    {
        using var client = Host.CreateClient();
        var gifts = await (await client.GetAsync("/api/gifts")).JsonAsync();
        Assert.Contains(gifts.EnumerateArray(), g => g.GetProperty("giftId").GetString() == "rose" && g.GetProperty("coins").GetInt64() == 1);
        Assert.Contains(gifts.EnumerateArray(), g => g.GetProperty("giftId").GetString() == "universe" && g.GetProperty("coins").GetInt64() == 34999);
        var packs = await (await client.GetAsync("/api/wallet/packs")).JsonAsync();
        Assert.Contains(packs.EnumerateArray(), p => p.GetProperty("packId").GetString() == "coins-70" && p.GetProperty("priceCents").GetInt64() == 99);
        Assert.Contains(packs.EnumerateArray(), p => p.GetProperty("packId").GetString() == "coins-7000" && p.GetProperty("priceCents").GetInt64() == 9999);
    }

    [Fact]
    public async Task Unknown_pack_is_a_problem_and_moves_nothing()
    {
        var (_, token) = await Host.RegisterAsync();
        using var client = Host.CreateClient(token);
        foreach (var body in new object[] { new { packId = "coins-1" }, new { } })
        {
            var response = await client.PostAsJsonAsync("/api/wallet/purchases", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("unknown_pack", (await response.JsonAsync()).GetProperty("code").GetString());
        }
        Assert.Equal(0, (await WalletKit.GetWalletAsync(client)).GetProperty("coins").GetInt64());
    }

    [Fact]
    public async Task Sandbox_purchase_credits_coins_once_when_the_buyer_confirms()
    {
        var (_, token) = await Host.RegisterAsync();
        using var client = Host.CreateClient(token);
        var created = await client.PostAsJsonAsync("/api/wallet/purchases", new { packId = "coins-700" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var checkoutUrl = new Uri(body.GetProperty("checkoutUrl").GetString()!);
        Assert.StartsWith("/wallet/sandbox/checkout/", checkoutUrl.AbsolutePath);
        Assert.Equal(0, (await WalletKit.GetWalletAsync(client)).GetProperty("coins").GetInt64());

        var page = await client.GetStringAsync(checkoutUrl.PathAndQuery);
        Assert.Contains("SANDBOX", page);
        Assert.Contains("/confirm", page);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };
        for (var i = 0; i < 2; i++)
        {
            var confirm = await browser.PostAsync(checkoutUrl.AbsolutePath + "/confirm" + checkoutUrl.Query, null);
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
            Assert.StartsWith("/wallet.html", confirm.Headers.Location!.OriginalString);
        }
        Assert.Equal(700, (await WalletKit.GetWalletAsync(client)).GetProperty("coins").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync("/wallet/sandbox/checkout/pur_nope/confirm", null)).StatusCode);
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Every_gift_error_is_typed_and_moves_nothing()
    {
        var sender = "s-" + Guid.NewGuid().ToString("N");
        var creator = "c-" + Guid.NewGuid().ToString("N");
        var wallet = Grains.GetGrain<IWalletGrain>(sender);
        Assert.Equal(GiftStatus.InsufficientCoins, (await wallet.SendGift(Order(creator, "rose", 1))).Status);
        await WalletKit.FundAsync(Grains, sender, "coins-70");
        Assert.Equal(GiftStatus.UnknownGift, (await wallet.SendGift(Order(creator, "tiara", 1))).Status);
        foreach (var count in new[] { 0, -1, 100, int.MaxValue, int.MinValue })
        {
            Assert.Equal(GiftStatus.InvalidCount, (await wallet.SendGift(Order(creator, "rose", count))).Status);
        }
        Assert.Equal(GiftStatus.SelfGift, (await wallet.SendGift(Order(sender, "rose", 1))).Status);
        Assert.Equal(GiftStatus.InvalidRequest, (await wallet.SendGift(Order(creator, "rose", 1, ""))).Status);
        var tooDear = await wallet.SendGift(Order(creator, "disco-ball", 1));
        Assert.Equal(GiftStatus.InsufficientCoins, tooDear.Status);
        Assert.Equal(70, tooDear.Coins);
        Assert.Equal(GiftStatus.InsufficientCoins, (await wallet.SendGift(Order(creator, "universe", 99))).Status);
        Assert.Equal(70, (await wallet.GetSummary()).Coins);
        Assert.Equal(0, (await Grains.GetGrain<IWalletGrain>(creator).GetSummary()).PendingDiamonds);
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task A_request_id_pays_once_even_when_retried_concurrently()
    {
        var sender = "s-" + Guid.NewGuid().ToString("N");
        var creator = "c-" + Guid.NewGuid().ToString("N");
        await WalletKit.FundAsync(Grains, sender, "coins-700");
        var wallet = Grains.GetGrain<IWalletGrain>(sender);
        var order = Order(creator, "finger-heart", 5);
        var receipts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => wallet.SendGift(order)));
        Assert.Single(receipts, r => r.Status == GiftStatus.Sent);
        Assert.All(receipts, r => Assert.Equal(675, r.Coins));
        Assert.Equal(GiftStatus.Repeated, (await wallet.SendGift(order)).Status);
        Assert.Equal(675, (await wallet.FindGiftReceipt(order.RequestId))!.Coins);
        Assert.Null(await wallet.FindGiftReceipt("never-sent"));
        Assert.Equal(675, (await wallet.GetSummary()).Coins);
        // 25 coins at a 50 % share: 12 diamonds to the creator, 13 to the platform (floor; remainder to the platform).
        var earned = await Grains.GetGrain<IWalletGrain>(creator).GetSummary();
        Assert.Equal(12, earned.Diamonds + earned.PendingDiamonds);
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Ledger_and_earnings_are_newest_first()
    {
        var (sender, token) = await Host.RegisterAsync();
        var creator = "c-" + Guid.NewGuid().ToString("N");
        await WalletKit.FundAsync(Grains, sender, "coins-70");
        await Grains.GetGrain<IWalletGrain>(sender).SendGift(Order(creator, "rose", 3));
        using var client = Host.CreateClient(token);
        var lines = (await (await client.GetAsync("/api/wallet/ledger")).JsonAsync()).EnumerateArray().ToArray();
        Assert.Equal("gift", lines[0].GetProperty("kind").GetString());
        Assert.Equal(-3, lines[0].GetProperty("amount").GetInt64());
        Assert.Equal("purchase", lines[^1].GetProperty("kind").GetString());
        Assert.Equal(70, lines[^1].GetProperty("amount").GetInt64());
        var earnings = await Grains.GetGrain<IWalletGrain>(creator).GetEarnings(10);
        Assert.Equal(3, earnings.Single().Coins);
        Assert.Equal(1, earnings.Single().Diamonds);
    }

    [Fact]
    public async Task Cashout_checks_onboarding_minimum_balance_and_concurrency()
    {
        var (creator, token) = await Host.RegisterAsync();
        var sender = "s-" + Guid.NewGuid().ToString("N");
        await WalletKit.FundAsync(Grains, sender, "coins-700");
        Assert.Equal(GiftStatus.Sent, (await Grains.GetGrain<IWalletGrain>(sender).SendGift(Order(creator, "hand-hearts", 5))).Status);
        using var client = Host.CreateClient(token);

        async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> Cashout(long diamonds)
        {
            var response = await client.PostAsJsonAsync("/api/wallet/cashouts", new { diamonds });
            return (response.StatusCode, await response.JsonAsync());
        }

        var notOnboarded = await Cashout(200);
        Assert.Equal(HttpStatusCode.Conflict, notOnboarded.Status);
        Assert.Equal("payouts_not_enabled", notOnboarded.Body.GetProperty("code").GetString());
        var link = await client.PostAsync("/api/wallet/connect/onboarding", null);
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        Assert.True((await WalletKit.GetWalletAsync(client)).GetProperty("payoutsEnabled").GetBoolean());

        Assert.Equal("below_minimum", (await Cashout(99)).Body.GetProperty("code").GetString());
        Assert.Equal("invalid_amount", (await Cashout(0)).Body.GetProperty("code").GetString());
        Assert.Equal("invalid_amount", (await Cashout(-5)).Body.GetProperty("code").GetString());
        var tooMuch = await Cashout(251);
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.Status);
        Assert.Equal("insufficient_diamonds", tooMuch.Body.GetProperty("code").GetString());

        // 500 coins at 50 %: 250 diamonds, all available (no hold window here). Two cash-outs of 200 race: one wins.
        var race = await Task.WhenAll(Cashout(200), Cashout(200));
        var won = Assert.Single(race, r => r.Status == HttpStatusCode.Accepted);
        Assert.Equal("paid", won.Body.GetProperty("status").GetString());
        Assert.StartsWith("tr_sandbox_", won.Body.GetProperty("transferId").GetString());
        Assert.Equal(100, won.Body.GetProperty("cents").GetInt64());
        Assert.Single(race, r => r.Status == HttpStatusCode.Conflict && r.Body.GetProperty("code").GetString() == "insufficient_diamonds");
        var wallet = await WalletKit.GetWalletAsync(client);
        Assert.Equal(50, wallet.GetProperty("diamonds").GetInt64());
        Assert.Equal(0, wallet.GetProperty("reservedDiamonds").GetInt64());
        var list = (await (await client.GetAsync("/api/wallet/cashouts")).JsonAsync()).EnumerateArray().ToArray();
        Assert.Single(list);
        await WalletKit.AssertLedgerHoldsAsync(Grains);
    }

    [Fact]
    public async Task Refund_after_release_is_booked_as_platform_loss()
    {
        var sender = "s-" + Guid.NewGuid().ToString("N");
        var creator = "c-" + Guid.NewGuid().ToString("N");
        var purchase = await WalletKit.FundAsync(Grains, sender, "coins-700");
        Assert.Equal(GiftStatus.Sent, (await Grains.GetGrain<IWalletGrain>(sender).SendGift(Order(creator, "hand-hearts", 6))).Status);
        Assert.Equal(300, (await Grains.GetGrain<IWalletGrain>(creator).GetSummary()).Diamonds);
        var before = await WalletKit.AssertLedgerHoldsAsync(Grains);
        Assert.Equal(PaymentOutcome.Reversed, await WalletKit.RefundAsync(Grains, purchase));
        Assert.Equal(PaymentOutcome.NoChange, await WalletKit.RefundAsync(Grains, purchase, "another-refund-event"));
        var summary = await Grains.GetGrain<IWalletGrain>(sender).GetSummary();
        Assert.Equal(-600, summary.Coins);
        Assert.False(summary.CanGift);
        Assert.Equal(GiftStatus.WalletNegative, (await Grains.GetGrain<IWalletGrain>(sender).SendGift(Order(creator, "rose", 1))).Status);
        // Released diamonds stay with the creator; the platform books the loss.
        Assert.Equal(300, (await Grains.GetGrain<IWalletGrain>(creator).GetSummary()).Diamonds);
        var after = await WalletKit.AssertLedgerHoldsAsync(Grains);
        Assert.Equal(before.MintedCoins - 700, after.MintedCoins);
        Assert.True(after.NegativeWallets >= 1);
    }

    [Fact]
    public async Task Operator_check_needs_the_token()
    {
        using var client = Host.CreateClient();
        var denied = await client.GetAsync("/api/admin/ledger/verify");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        client.DefaultRequestHeaders.Add("X-Operator-Token", WalletKit.OperatorToken);
        var ok = await client.GetAsync("/api/admin/ledger/verify");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True((await ok.JsonAsync()).GetProperty("ok").GetBoolean());
    }
}
