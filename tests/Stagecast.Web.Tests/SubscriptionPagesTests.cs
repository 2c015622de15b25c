using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>A viewer subscribes from a creator's profile through the sandbox checkout, renews, cancels; the creator's dashboard counts them.</summary>
[Collection(WebCollection.Name)]
public sealed class SubscriptionPagesTests(WebFixture web)
{
    [Fact]
    public async Task SubscribeRenewAndCancelFromTheWebApp()
    {
        await using var creatorContext = await web.NewPersonAsync();
        var creatorPage = await Pages.SignUpAsync(creatorContext, Pages.NewUsername("cre"), "Cora Creator");
        var creatorId = await creatorPage.EvaluateAsync<string>("() => localStorage.getItem('stagecast.userId')");

        await using var viewerContext = await web.NewPersonAsync();
        var page = await Pages.SignUpAsync(viewerContext, Pages.NewUsername("sub"), "Sam Subscriber");
        var errors = Pages.TrackErrors(page);
        await page.GotoAsync($"/profile.html?user={Uri.EscapeDataString(creatorId)}");
        var subscribe = page.Locator("#subscribe");
        await Expect(subscribe).ToContainTextAsync("$4.99");
        await subscribe.ClickAsync();

        // The sandbox checkout page: one confirm button pays the first month.
        await page.WaitForURLAsync(url => url.Contains("/subscriptions/sandbox/"));
        // The link with its subscriber token (?t=): only it opens the sandbox page again.
        var checkout = new Uri(page.Url).PathAndQuery;
        await page.Locator("#confirm").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/subscriptions.html"));
        await Expect(page.Locator("#subscribe-status")).ToHaveTextAsync("Thanks for subscribing!");
        var row = page.Locator("#subscriptions tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".status")).ToHaveTextAsync("Active");
        var paidUntil = await row.Locator("td").Nth(4).InnerTextAsync();
        await Pages.ScreenshotAsync(page, "subscriptions-active");

        // Renew now (the sandbox's stand-in for next month's invoice) extends the paid period.
        await page.GotoAsync(checkout);
        await page.Locator("#renew").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("active");
        await page.GotoAsync("/subscriptions.html");
        await Expect(row.Locator("td").Nth(4)).Not.ToHaveTextAsync(paidUntil);

        // The profile now shows the subscription instead of the button.
        await page.GotoAsync($"/profile.html?user={Uri.EscapeDataString(creatorId)}");
        await Expect(page.Locator("#subscribed")).ToBeVisibleAsync();
        // Below the creator's name, not pinned to the page's top-left corner under the header.
        var placed = await page.EvaluateAsync<string>(@"() => { const b = document.querySelector('#subscribed').getBoundingClientRect();
            const name = document.querySelector('#profile h1').getBoundingClientRect();
            return b.top >= name.bottom ? '' : `badge at ${Math.round(b.left)},${Math.round(b.top)}, name ends at ${Math.round(name.bottom)}`; }");
        Assert.True(placed == "", placed);

        await page.GotoAsync("/subscriptions.html");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(row.Locator(".status")).ToHaveTextAsync("Active, ends at period end");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToHaveCountAsync(0);
        Assert.Empty(errors);

        await creatorPage.GotoAsync("/creator.html");
        await Expect(creatorPage.Locator("#subscriber-count")).ToHaveTextAsync("1");
        await Expect(creatorPage.Locator("#subscribers")).ToContainTextAsync("Sam Subscriber");
        await Expect(creatorPage.Locator("#subscription-earnings")).ToContainTextAsync("from 2 paid months");
        await Pages.ScreenshotAsync(creatorPage, "creator-subscribers");
    }
}
