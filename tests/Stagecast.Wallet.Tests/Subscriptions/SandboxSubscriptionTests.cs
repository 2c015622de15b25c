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
        var page = new Uri(body.GetProperty("checkoutUrl").GetString()!).AbsolutePath;
        Assert.Equal($"/subscriptions/sandbox/{id}", page);
        var html = await client.GetStringAsync(page);
        Assert.Contains("SANDBOX", html);
        Assert.Contains("id=\"confirm\"", html);

        async Task<JsonElement> Mine() => (await client.GetFromJsonAsync<JsonElement>("/api/me/subscriptions")).EnumerateArray().Single(s => s.GetProperty("subscriptionId").GetString() == id);
        async Task Post(string action) => Assert.True((await client.PostAsync($"{page}/{action}", null)).StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Redirect);

        await Post("confirm");
        Assert.Equal("active", (await Mine()).GetProperty("status").GetString());
        var firstEnd = (await Mine()).GetProperty("currentPeriodEnd").GetDateTimeOffset();
        Assert.Contains("id=\"renew\"", await client.GetStringAsync(page));

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
}
