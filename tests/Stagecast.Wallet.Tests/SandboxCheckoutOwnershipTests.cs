using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>Issue 14: the sandbox checkout page belongs to the buyer who started the purchase and refuses cross-site posts.</summary>
public sealed partial class SandboxCheckoutOwnershipTests(SandboxGatewayFixture fixture) : IClassFixture<SandboxGatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    [GeneratedRegex("name=\"t\" value=\"([^\"]+)\"")]
    private static partial Regex HiddenToken();

    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };

    private async Task<(HttpClient Buyer, Uri Checkout)> PurchaseAsync()
    {
        var (_, token) = await Host.RegisterAsync();
        var buyer = Host.CreateClient(token);
        var created = await buyer.PostAsJsonAsync("/api/wallet/purchases", new { packId = "coins-70" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (buyer, new Uri((await created.JsonAsync()).GetProperty("checkoutUrl").GetString()!));
    }

    private static FormUrlEncodedContent Form(string token) => new([new KeyValuePair<string, string>("t", token)]);

    [Fact]
    public async Task Only_the_buyers_link_opens_and_confirms_the_checkout()
    {
        var (buyer, checkout) = await PurchaseAsync();
        var (_, otherCheckout) = await PurchaseAsync();
        var purchasePath = checkout.AbsolutePath;
        using var browser = Browser();

        // Without the token, or with another purchase's token, it is as unknown as a purchase that does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(purchasePath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(purchasePath + otherCheckout.Query)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync(purchasePath + "/confirm", null)).StatusCode);
        var otherToken = otherCheckout.Query["?t=".Length..];
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync(purchasePath + "/confirm", Form(otherToken))).StatusCode);
        Assert.Equal(0, (await WalletKit.GetWalletAsync(buyer)).GetProperty("coins").GetInt64());

        // The buyer's page carries its token in the form; posting that form from the page pays once.
        var page = await browser.GetStringAsync(purchasePath + checkout.Query);
        var token = HiddenToken().Match(page).Groups[1].Value;
        Assert.Equal(checkout.Query["?t=".Length..], token);
        using var post = new HttpRequestMessage(HttpMethod.Post, purchasePath + "/confirm") { Content = Form(token) };
        post.Headers.Add("Origin", Host.BaseAddress.GetLeftPart(UriPartial.Authority));
        post.Headers.Add("Sec-Fetch-Site", "same-origin");
        var confirmed = await browser.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(70, (await WalletKit.GetWalletAsync(buyer)).GetProperty("coins").GetInt64());
        buyer.Dispose();
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task A_cross_site_post_is_refused_even_with_the_token(string header, string value)
    {
        var (buyer, checkout) = await PurchaseAsync();
        using var browser = Browser();
        using var post = new HttpRequestMessage(HttpMethod.Post, checkout.AbsolutePath + "/confirm") { Content = Form(checkout.Query["?t=".Length..]) };
        post.Headers.Add(header, value);
        var refused = await browser.SendAsync(post);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("cross_site_request", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, (await WalletKit.GetWalletAsync(buyer)).GetProperty("coins").GetInt64());
        buyer.Dispose();
    }
}
