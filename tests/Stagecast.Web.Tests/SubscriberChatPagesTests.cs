using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>
/// A subscriber's badge in the chat, and subscriber-only chat switched on and off from the studio: a viewer who does
/// not subscribe is refused with an explanation, the subscriber speaks with the badge on both pages.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SubscriberChatPagesTests(WebFixture web)
{
    [Fact]
    public async Task SubscriberBadgeAndSubscriberOnlyChatFromTheStudio()
    {
        await using var hostContext = await web.NewPersonAsync();
        var studio = await Pages.SignUpAsync(hostContext, Pages.NewUsername("subhost"), "Hana Host");
        var watchHref = await Pages.OpenObsRoomAsync(studio, "Subscribers night");

        // The fan subscribes from the watch page through the sandbox checkout, then comes back to the live.
        await using var fanContext = await web.NewPersonAsync();
        var fan = await Pages.SignUpAsync(fanContext, Pages.NewUsername("fan"), "Fay Fan");
        var fanErrors = Pages.TrackErrors(fan);
        await fan.GotoAsync(watchHref);
        await fan.Locator("#subscribe").ClickAsync();
        await fan.WaitForURLAsync(url => url.Contains("/subscriptions/sandbox/"));
        await fan.Locator("#confirm").ClickAsync();
        await fan.WaitForURLAsync(url => url.Contains("/subscriptions.html"));
        await fan.GotoAsync(watchHref);
        await Expect(fan.Locator("#subscribed")).ToBeVisibleAsync();
        // Where the Subscribe button was, under the host's name (the card badge's rule pinned it to the page's
        // top-left corner, under the header).
        var placed = await fan.EvaluateAsync<string>(@"() => { const b = document.querySelector('#subscribed').getBoundingClientRect();
            const host = document.querySelector('#room-host').getBoundingClientRect();
            return b.top >= host.bottom ? '' : `badge at ${Math.round(b.left)},${Math.round(b.top)}, host name ends at ${Math.round(host.bottom)}`; }");
        Assert.True(placed == "", placed);

        await using var viewerContext = await web.NewPersonAsync();
        var viewer = await Pages.SignUpAsync(viewerContext, Pages.NewUsername("plain"), "Pat Plain");
        await viewer.GotoAsync(watchHref);
        await Expect(viewer.Locator("#comments")).ToContainTextAsync("Welcome!");

        await Comment(fan, "a fan says hi");
        var fanLine = studio.Locator("#comments li.comment", new() { HasText = "a fan says hi" });
        await Expect(fanLine.Locator(".sub-badge")).ToHaveTextAsync("★1");
        await Expect(fanLine.Locator(".sub-badge")).ToHaveAttributeAsync("aria-label", "Supporter subscriber, 1 month");
        await Expect(viewer.Locator("#comments li.comment", new() { HasText = "a fan says hi" }).Locator(".sub-badge")).ToBeVisibleAsync();
        await Comment(viewer, "plain hello");
        await Expect(studio.Locator("#comments li.comment", new() { HasText = "plain hello" })).ToBeVisibleAsync();
        await Expect(studio.Locator("#comments li.comment", new() { HasText = "plain hello" }).Locator(".sub-badge")).ToHaveCountAsync(0);

        // Subscriber-only chat on: the viewer is told, and refused with an explanation; the fan still speaks.
        await studio.Locator("#subs-only").CheckAsync();
        await Expect(viewer.Locator("#comments")).ToContainTextAsync("Subscriber-only chat is on");
        await Comment(viewer, "can I still talk");
        await Expect(viewer.Locator("#comment-error")).ToContainTextAsync("subscribers", new() { IgnoreCase = true });
        await Comment(fan, "only us now");
        await Expect(studio.Locator("#comments")).ToContainTextAsync("only us now");
        await Expect(studio.Locator("#comments")).Not.ToContainTextAsync("can I still talk");
        await Pages.ScreenshotAsync(viewer, "subscriber-only-chat");

        // Switching it off lets everyone speak again.
        await studio.Locator("#subs-only").UncheckAsync();
        await Expect(viewer.Locator("#comments")).ToContainTextAsync("Everyone can comment again.");
        await Comment(viewer, "back in the chat");
        await Expect(fan.Locator("#comments")).ToContainTextAsync("back in the chat");
        Assert.Empty(fanErrors);
    }

    private static async Task Comment(IPage page, string text)
    {
        await page.Locator("#comment").FillAsync(text);
        await page.Locator("#comment").PressAsync("Enter");
    }
}
