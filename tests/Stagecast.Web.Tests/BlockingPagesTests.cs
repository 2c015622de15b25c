using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>Issue 14, blocking: a host blocks a viewer from their profile, the viewer's comment is refused, the account page unblocks.</summary>
[Collection(WebCollection.Name)]
public sealed class BlockingPagesTests(WebFixture web)
{
    [Fact]
    public async Task A_host_blocks_a_viewer_from_the_profile_page_and_unblocks_them_on_the_account_page()
    {
        await using var hostContext = await web.NewPersonAsync();
        var host = await Pages.SignUpAsync(hostContext, Pages.NewUsername("bhost"), "Bea Host");
        host.Dialog += (_, dialog) => dialog.AcceptAsync();
        var watchHref = await Pages.OpenObsRoomAsync(host, "Blocking test");

        await using var trollContext = await web.NewPersonAsync();
        var trollName = Pages.NewUsername("troll");
        var troll = await Pages.SignUpAsync(trollContext, trollName, "Terry Troll");
        var trollId = await troll.EvaluateAsync<string>("() => localStorage.getItem('stagecast.userId')");
        await troll.GotoAsync(watchHref);
        await Expect(troll.Locator("#comments")).ToContainTextAsync("Welcome!");
        await troll.Locator("#comment").FillAsync("first, before any block");
        await troll.Locator("#comment").PressAsync("Enter");
        await Expect(troll.Locator("#comments")).ToContainTextAsync("first, before any block");

        await host.GotoAsync($"/profile.html?user={Uri.EscapeDataString(trollId)}");
        await Expect(host.Locator("#profile h1")).ToContainTextAsync("Terry Troll");
        await host.GetByRole(AriaRole.Button, new() { Name = "Block", Exact = true }).ClickAsync();
        await Expect(host.Locator("#block")).ToHaveTextAsync("Unblock");

        // The blocked viewer's next comment is refused with the room's message.
        await troll.Locator("#comment").FillAsync("after the block");
        await troll.Locator("#comment").PressAsync("Enter");
        await Expect(troll.Locator("#comment-error")).ToContainTextAsync("blocked you");

        await host.GotoAsync("/account.html");
        var entry = host.Locator("#blocked-list li", new() { HasText = "Terry Troll" });
        await Expect(entry).ToContainTextAsync("@" + trollName);
        await Pages.ScreenshotAsync(host, "account-blocked-list");
        await entry.GetByRole(AriaRole.Button, new() { Name = "Unblock" }).ClickAsync();
        await Expect(host.Locator("#blocked-list")).ToContainTextAsync("You have not blocked anyone.");

        await troll.Locator("#comment").FillAsync("thanks for the second chance");
        await troll.Locator("#comment").PressAsync("Enter");
        await Expect(troll.Locator("#comments")).ToContainTextAsync("thanks for the second chance");
    }
}
