using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>
/// Issue 14: the gateway-served sandbox pages (coin checkout, subscription checkout with renew) render with their
/// stylesheet and work in Chromium under the gateway's Content-Security-Policy, with no violation reported by a
/// <c>securitypolicyviolation</c> event or the console, and no script error.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SandboxPagesCspTests(WebFixture web)
{
    private const string RecordViolations =
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";

    [Fact]
    public async Task TheSandboxCheckoutPagesRenderAndWorkUnderTheCsp()
    {
        await using var creatorContext = await web.NewPersonAsync();
        var creatorPage = await Pages.SignUpAsync(creatorContext, Pages.NewUsername("csc"), "Sandy Creator");
        var creatorId = await creatorPage.EvaluateAsync<string>("() => localStorage.getItem('stagecast.userId')");

        await using var context = await web.NewPersonAsync();
        await context.AddInitScriptAsync(RecordViolations);
        var page = await Pages.SignUpAsync(context, Pages.NewUsername("csb"), "Sandy Buyer");
        var errors = Pages.TrackErrors(page);
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                console.Add(message.Text);
            }
        };

        // Coins: the wallet's pack button leads to the sandbox checkout; its confirm pays.
        await page.GotoAsync("/wallet.html");
        var checkout = page.WaitForResponseAsync(r => r.Url.Contains("/wallet/sandbox/checkout/") && r.Request.Method == "GET");
        await page.Locator("#packs button[data-pack-id]").First.ClickAsync();
        await AssertSandboxPageAsync(page, await checkout, "Confirm purchase");
        await page.Locator("#confirm").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/wallet.html"));
        await Expect(page.Locator("#wallet-coins")).Not.ToHaveTextAsync("0", new() { Timeout = 30_000 });
        await AssertNoViolationAsync(page, "coin checkout");

        // A subscription: the profile's button leads to the sandbox subscription page; confirm, then renew there.
        await page.GotoAsync($"/profile.html?user={Uri.EscapeDataString(creatorId)}");
        var subscription = page.WaitForResponseAsync(r => r.Url.Contains("/subscriptions/sandbox/") && r.Request.Method == "GET");
        await page.Locator("#subscribe").ClickAsync();
        await AssertSandboxPageAsync(page, await subscription, "Monthly subscription");
        var link = new Uri(page.Url).PathAndQuery;
        await page.Locator("#confirm").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/subscriptions.html"));
        await Expect(page.Locator("#subscribe-status")).ToHaveTextAsync("Thanks for subscribing!");
        await AssertNoViolationAsync(page, "subscription confirm");
        await page.GotoAsync(link);
        await page.Locator("#renew").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("active");
        await AssertNoViolationAsync(page, "subscription renew");
        await Pages.ScreenshotAsync(page, "sandbox-subscription-csp");

        Assert.Empty(console);
        Assert.Empty(errors);
    }

    /// <summary>The page came with the app's CSP, and its stylesheet applied (the banner's colour is from sandbox.css).</summary>
    private static async Task AssertSandboxPageAsync(IPage page, IResponse response, string heading)
    {
        var csp = await response.HeaderValueAsync("content-security-policy");
        Assert.Contains("style-src 'self';", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
        Assert.Equal("rgb(255, 216, 77)", await page.EvalOnSelectorAsync<string>(".banner", "e => getComputedStyle(e).backgroundColor"));
        await AssertNoViolationAsync(page, heading);
    }

    private static async Task AssertNoViolationAsync(IPage page, string where)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var violations = await page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.True(violations.Length == 0, $"{where}: {string.Join("; ", violations)}");
    }
}
