using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Stagecast.Wallet.Tests.Subscriptions;

/// <summary>The sandbox provider's subscription page: confirm the first month, renew, fail a renewal, recover, cancel; the ledger holds.</summary>
public sealed class SandboxSubscriptionTests(SandboxGatewayFixture fixture) : IClassFixture<SandboxGatewayFixture>
{
    [Fact]
    public async Task Sandbox_confirm_renew_fail_and_cancel_walk_the_whole_lifecycle()
    {
        var host = fixture.Host;
        var (creatorId, creatorToken) = await host.RegisterAsync();
        var (_, token) = await host.RegisterAsync();
        using var client = host.CreateClient(token);
        var created = await client.PostAsJsonAsync("/api/subscriptions", new { creatorId, tierId = "superfan" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var id = body.GetProperty("subscriptionId").GetString()!;
        var checkout = new Uri(body.GetProperty("checkoutUrl").GetString()!);
        Assert.Equal($"/subscriptions/sandbox/{id}", checkout.AbsolutePath);
        var page = checkout.AbsolutePath;
        var html = await client.GetStringAsync(checkout.PathAndQuery);
        Assert.Contains("SANDBOX", html);
        Assert.Contains("id=\"confirm\"", html);

        async Task<JsonElement> Mine() => (await client.GetFromJsonAsync<JsonElement>("/api/me/subscriptions")).EnumerateArray().Single(s => s.GetProperty("subscriptionId").GetString() == id);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        async Task Post(string action) => Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync($"{page}/{action}{checkout.Query}", null)).StatusCode);

        await Post("confirm");
        Assert.Equal("active", (await Mine()).GetProperty("status").GetString());
        var firstEnd = (await Mine()).GetProperty("currentPeriodEnd").GetDateTimeOffset();
        Assert.Contains("id=\"renew\"", await client.GetStringAsync(checkout.PathAndQuery));

        await Post("renew");
        Assert.True((await Mine()).GetProperty("currentPeriodEnd").GetDateTimeOffset() > firstEnd);
        await Post("fail");
        Assert.Equal("past_due", (await Mine()).GetProperty("status").GetString());
        await Post("renew");
        Assert.Equal("active", (await Mine()).GetProperty("status").GetString());

        using var creator = host.CreateClient(creatorToken);
        var dashboard = await creator.GetFromJsonAsync<JsonElement>("/api/me/subscribers");
        Assert.Equal(1, dashboard.GetProperty("count").GetInt32());
        Assert.Equal(3, dashboard.GetProperty("earnings").GetProperty("invoices").GetInt64());
        Assert.Equal(3 * 999, dashboard.GetProperty("earnings").GetProperty("paidCents").GetInt64());

        var canceled = await client.DeleteAsync($"/api/subscriptions/{id}");
        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        var mine = await Mine();
        Assert.True(mine.GetProperty("cancelAtPeriodEnd").GetBoolean());
        Assert.Equal("active", mine.GetProperty("status").GetString());
        await WalletKit.AssertLedgerHoldsAsync(host.Grains());
    }

    [Fact]
    public async Task The_sandbox_subscription_page_is_only_the_subscribers_and_refuses_cross_site_posts()
    {
        var host = fixture.Host;
        var (creatorId, _) = await host.RegisterAsync();
        var (_, token) = await host.RegisterAsync();
        var (_, otherToken) = await host.RegisterAsync();
        using var subscriber = host.CreateClient(token);
        using var other = host.CreateClient(otherToken);
        async Task<(string Id, Uri Checkout)> SubscribeAsync(HttpClient client)
        {
            var created = await client.PostAsJsonAsync("/api/subscriptions", new { creatorId, tierId = "superfan" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = await created.JsonAsync();
            return (body.GetProperty("subscriptionId").GetString()!, new Uri(body.GetProperty("checkoutUrl").GetString()!));
        }
        var (id, checkout) = await SubscribeAsync(subscriber);
        var (_, othersCheckout) = await SubscribeAsync(other);
        var page = checkout.AbsolutePath;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        // Another user with the bare link, or with their own subscription's token, learns nothing and changes nothing.
        foreach (var attempt in new[] { page, page + othersCheckout.Query })
        {
            var refused = await other.GetAsync(attempt);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("unknown_subscription", await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync(attempt.Replace(page, page + "/confirm"), null)).StatusCode);
        }
        Assert.DoesNotContain((await subscriber.GetFromJsonAsync<JsonElement>("/api/me/subscriptions")).EnumerateArray(),
            s => s.GetProperty("subscriptionId").GetString() == id);

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, page + "/confirm" + checkout.Query);
        crossSite.Headers.Add("Origin", "https://evil.example");
        var forbidden = await browser.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("cross_site_request", await forbidden.Content.ReadAsStringAsync());

        // The subscriber's page carries the token in its form; posting it confirms, and the redirect keeps the token.
        var html = await browser.GetStringAsync(checkout.PathAndQuery);
        Assert.Contains($"name=\"t\" value=\"{checkout.Query["?t=".Length..]}\"", html);
        var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("t", checkout.Query["?t=".Length..])]);
        var confirmed = await browser.PostAsync(page + "/confirm", form);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("active", (await subscriber.GetFromJsonAsync<JsonElement>("/api/me/subscriptions")).EnumerateArray()
            .Single(s => s.GetProperty("subscriptionId").GetString() == id).GetProperty("status").GetString());
    }
}
