using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>
/// The social and money half of the journey without media (an OBS-mode room taken live by its host): so comments,
/// likes, gifts, balances, the creator dashboard and the ended state are covered whether or not ingest and HLS are in.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RoomChatAndGiftsTests(WebFixture web)
{
    [Fact]
    public async Task AViewerBuysCoinsCommentsAndGiftsAndTheStudioSeesIt()
    {
        await using var streamerContext = await web.NewPersonAsync();
        var studio = await Pages.SignUpAsync(streamerContext, Pages.NewUsername("obs"), "Olga Obs");
        studio.Dialog += (_, dialog) => dialog.AcceptAsync();
        await studio.GotoAsync("/studio.html");
        await studio.Locator("#title").FillAsync("Chat and gifts");
        await studio.GetByRole(AriaRole.Button, new() { Name = "Stream with OBS instead" }).ClickAsync();
        await Expect(studio.Locator("#obs-details")).ToBeVisibleAsync();
        await Expect(studio.Locator("#whip-url")).ToHaveTextAsync(new Regex(@"^http://127\.0\.0\.1:\d+/.+"));
        await studio.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(studio.Locator("#stream-key")).Not.ToHaveTextAsync("••••••••");
        var watchHref = await studio.Locator("#watch-link").GetAttributeAsync("href");
        var roomId = watchHref!.Split("room=")[1];
        // OBS would take the room live by sending media; the host's start call does the same without it.
        await Api.PostAsync(web, studio, $"/api/live/{roomId}/start");

        await using var viewerContext = await web.NewPersonAsync(new ViewportSize { Width = 390, Height = 844 });
        var viewer = await Pages.SignUpAsync(viewerContext, Pages.NewUsername("gus"), "Gus Gifter");
        var errors = Pages.TrackErrors(viewer);
        await Pages.BuySeventyCoinsAsync(viewer);
        await Expect(viewer.Locator("#purchase-status")).ToContainTextAsync("70 coins are in your wallet");
        await Expect(viewer.Locator("#ledger tbody")).ToContainTextAsync("Coins bought");

        await viewer.GotoAsync("/");
        await viewer.Locator($"a.room-card[href='/watch.html?room={roomId}']").ClickAsync();
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Chat and gifts", Level = 1 })).ToBeVisibleAsync();
        await Expect(viewer.Locator("#comments")).ToContainTextAsync("Welcome!");

        await viewer.Locator("#comment").FillAsync("hi from a phone");
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(studio.Locator("#comments li.comment")).ToContainTextAsync("hi from a phone");

        await viewer.GetByRole(AriaRole.Button, new() { Name = "Like" }).ClickAsync();
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Like" }).ClickAsync();
        await Expect(studio.Locator("#like-pill")).ToHaveTextAsync("❤ 2");

        await viewer.GetByRole(AriaRole.Button, new() { Name = "Send a gift" }).ClickAsync();
        await Expect(viewer.Locator("#drawer-balance")).ToHaveTextAsync("70");
        await viewer.Locator("#gift-count").SelectOptionAsync("5");
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Send Rose for 1 coin", Exact = true }).ClickAsync();
        await Expect(viewer.Locator("#drawer-balance")).ToHaveTextAsync("65");
        await Expect(viewer.Locator("header.site #balance")).ToHaveTextAsync("65");
        await Expect(viewer.Locator("#overlay .gift-pop .combo")).ToHaveTextAsync("×5");
        await Expect(studio.Locator("#comments li.gift")).ToContainTextAsync("Gus Gifter");
        await Expect(studio.Locator("#leaders")).ToContainTextAsync("Gus Gifter");
        await Expect(studio.Locator("#leaders")).ToContainTextAsync("5 coins");

        // Too expensive: the drawer explains instead of sending.
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Send Disco Ball for 1,000 coins" }).ClickAsync();
        await Expect(viewer.Locator("#toasts")).ToContainTextAsync("Top up in your wallet");
        await Pages.ScreenshotAsync(viewer, "phone-watch-gifts");
        await Pages.ScreenshotAsync(studio, "studio-chat-and-gifts");

        var wallet = await Api.GetAsync(web, viewer, "/api/wallet");
        Assert.Equal(65, Api.Long(wallet, "coins"));
        var streamer = await Api.GetAsync(web, studio, "/api/wallet");
        Assert.Equal(2, Api.Long(streamer, "pendingDiamonds") + Api.Long(streamer, "diamonds"));

        var dashboard = await streamerContext.NewPageAsync();
        await dashboard.GotoAsync("/creator.html");
        await Expect(dashboard.Locator("#pending")).ToHaveTextAsync("2");
        await Expect(dashboard.Locator("#total")).ToHaveTextAsync("2");
        await Expect(dashboard.Locator("#chart svg rect.bar")).ToHaveCountAsync(30);
        await Pages.ScreenshotAsync(dashboard, "creator-dashboard");
        await dashboard.CloseAsync();

        await studio.GetByRole(AriaRole.Button, new() { Name = "End live" }).ClickAsync();
        await Expect(viewer.Locator("#ended-title")).ToHaveTextAsync("This live has ended");
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Send a gift" })).ToBeDisabledAsync();
        Assert.Empty(errors);
    }
}
