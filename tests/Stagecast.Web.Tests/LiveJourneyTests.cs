using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>
/// The whole journey in two browser contexts: a streamer goes live from the studio with the fake camera
/// (WHIP from the page), a viewer buys coins in the sandbox, watches over HLS, comments and gifts.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LiveJourneyTests(WebFixture web)
{
    [Fact]
    public async Task AStreamerGoesLiveAndAViewerWatchesCommentsAndGifts()
    {
        // The streamer opens the studio and goes live with the fake camera.
        await using var streamerContext = await web.NewPersonAsync();
        var studio = await Pages.SignUpAsync(streamerContext, Pages.NewUsername("host"), "Hannah Host");
        var studioErrors = Pages.TrackErrors(studio);
        studio.Dialog += (_, dialog) => dialog.AcceptAsync();
        var streamerBefore = await Api.GetAsync(web, studio, "/api/wallet");
        var watchHref = await Pages.GoLiveWithCameraAsync(studio, "Journey test live");
        await Expect(studio.Locator("#live-pill")).ToHaveTextAsync("LIVE");
        await Expect(studio.Locator("#h-resolution")).ToHaveTextAsync(new Regex(@"^\d+×\d+$"), new() { Timeout = 15_000 });
        await Expect(studio.Locator("#h-bitrate")).ToHaveTextAsync(new Regex(@"^[1-9][\d,]* kbps$"), new() { Timeout = 15_000 });
        await Expect(studio.Locator("#obs-details")).ToBeVisibleAsync();
        var roomId = new Uri(new Uri(web.BaseUrl), watchHref).Query.Split("room=")[1];

        // The viewer signs up and buys coins in the sandbox checkout.
        await using var viewerContext = await web.NewPersonAsync();
        var viewer = await Pages.SignUpAsync(viewerContext, Pages.NewUsername("fan"), "Fiona Fan");
        var viewerErrors = Pages.TrackErrors(viewer);
        await viewer.GotoAsync("/wallet.html");
        await Expect(viewer.Locator("#wallet-coins")).ToHaveTextAsync("0");
        var firstPack = viewer.Locator("#packs button[data-pack-id]").First;
        var packLabel = await firstPack.GetAttributeAsync("aria-label") ?? "";
        var packCoins = long.Parse(Regex.Match(packLabel, @"Buy ([\d,]+) coins").Groups[1].Value.Replace(",", ""));
        await Pages.ScreenshotAsync(viewer, "journey-wallet-before");
        await firstPack.ClickAsync();
        await viewer.WaitForURLAsync(url => !url.EndsWith("/wallet.html"));
        await Pages.ScreenshotAsync(viewer, "journey-sandbox-checkout");
        await viewer.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("confirm|pay", RegexOptions.IgnoreCase) }).ClickAsync();
        await viewer.WaitForURLAsync(url => url.Contains("/wallet.html"));
        await Expect(viewer.Locator("#wallet-coins")).ToHaveTextAsync(packCoins.ToString("N0"), new() { Timeout = 30_000 });
        await Expect(viewer.Locator("header.site #balance")).ToHaveTextAsync(packCoins.ToString("N0"));
        await Expect(viewer.Locator("#ledger table tbody tr")).Not.ToHaveCountAsync(0);
        await Pages.ScreenshotAsync(viewer, "journey-wallet-after");

        // The room is listed on the home page; the viewer opens it and the video plays.
        await viewer.GotoAsync("/");
        var card = viewer.Locator($"a.room-card[href='/watch.html?room={roomId}']");
        await Expect(card).ToContainTextAsync("Journey test live", new() { Timeout = 20_000 });
        await Pages.ScreenshotAsync(viewer, "journey-home-live");
        await card.ClickAsync();
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Journey test live", Level = 1 })).ToBeVisibleAsync();
        await Pages.WaitForPlaybackAsync(viewer.Locator("#player"), 2, TimeSpan.FromSeconds(60));
        await Expect(studio.Locator("#viewer-pill")).Not.ToHaveTextAsync("0 watching", new() { Timeout = 15_000 });

        // A comment travels to the studio.
        await viewer.Locator("#comment").FillAsync("Hello from the journey test");
        await viewer.Locator("#comment").PressAsync("Enter");
        await Expect(viewer.Locator("#comments")).ToContainTextAsync("Hello from the journey test");
        await Expect(studio.Locator("#comments li.comment")).ToContainTextAsync("Hello from the journey test");

        // A like floats hearts; a gift moves coins and shows up on both pages.
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Like" }).ClickAsync();
        await Expect(studio.Locator("#like-pill")).Not.ToHaveTextAsync("❤ 0", new() { Timeout = 10_000 });
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Send a gift" }).ClickAsync();
        await Expect(viewer.Locator("#drawer-balance")).ToHaveTextAsync(packCoins.ToString("N0"));
        // Finger Heart (5 coins) in the default catalog: the creator's 50% share is 2 diamonds (floored).
        var gift = viewer.Locator("#gifts button.gift-button[data-gift-id='finger-heart']");
        var giftCoins = long.Parse(await gift.GetAttributeAsync("data-coins") ?? "0");
        Assert.Equal(5, giftCoins);
        await Pages.ScreenshotAsync(viewer, "journey-gift-drawer");
        await gift.ClickAsync();
        var after = (packCoins - giftCoins).ToString("N0");
        await Expect(viewer.Locator("#drawer-balance")).ToHaveTextAsync(after);
        await Expect(viewer.Locator("header.site #balance")).ToHaveTextAsync(after);
        await Expect(viewer.Locator("#overlay .gift-pop")).ToContainTextAsync("Fiona Fan");
        await Expect(studio.Locator("#comments li.gift")).ToContainTextAsync("Fiona Fan");
        await Expect(studio.Locator("#leaders")).ToContainTextAsync("Fiona Fan");
        await Pages.ScreenshotAsync(viewer, "journey-watch");
        await Pages.ScreenshotAsync(studio, "journey-studio-live");

        var viewerWallet = await Api.GetAsync(web, viewer, "/api/wallet");
        Assert.Equal(packCoins - giftCoins, Api.Long(viewerWallet, "coins"));
        var streamerWallet = await Api.GetAsync(web, studio, "/api/wallet");
        var earned = Api.Long(streamerWallet, "diamonds") + Api.Long(streamerWallet, "pendingDiamonds")
            - Api.Long(streamerBefore, "diamonds") - Api.Long(streamerBefore, "pendingDiamonds");
        Assert.Equal(giftCoins * 50 / 100, earned);

        // The creator dashboard shows the diamonds.
        var dashboard = await streamerContext.NewPageAsync();
        await dashboard.GotoAsync("/creator.html");
        await Expect(dashboard.Locator("#pending")).ToHaveTextAsync(earned.ToString("N0"));
        await Expect(dashboard.Locator("#total")).ToHaveTextAsync(earned.ToString("N0"));
        await Pages.ScreenshotAsync(dashboard, "journey-creator");
        await dashboard.CloseAsync();

        // The streamer ends the live; the viewer sees the ended state. The studio ends its WHIP session with DELETE
        // (RFC 9725 §4.3) while the session still exists: it closed the peer connection first, which ended the
        // session on the server, and its DELETE got 404 whip_session_not_found.
        var whipDelete = studio.WaitForResponseAsync(r => r.Request.Method == "DELETE" && r.Url.Contains("/whip/", StringComparison.Ordinal));
        await studio.GetByRole(AriaRole.Button, new() { Name = "End live" }).ClickAsync();
        Assert.Equal(200, (await whipDelete).Status);
        await Expect(studio.Locator("#status")).ToHaveTextAsync("Live ended. Thanks for streaming!");
        await Expect(viewer.Locator("#ended")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(viewer.Locator("#ended-title")).ToHaveTextAsync("This live has ended");
        await Expect(viewer.Locator("#comment")).ToBeDisabledAsync();
        await Pages.ScreenshotAsync(viewer, "journey-ended");

        // The recording of the live becomes the replay.
        var replay = viewer.GetByRole(AriaRole.Button, new() { Name = "Watch the replay" });
        await Expect(replay).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await replay.ClickAsync();
        await Expect(viewer.Locator("#live-pill")).ToHaveTextAsync("REPLAY");
        await Pages.WaitForPlaybackAsync(viewer.Locator("#player"), 1, TimeSpan.FromSeconds(30));
        await Pages.ScreenshotAsync(viewer, "journey-replay");
        Assert.Empty(studioErrors);
        Assert.Empty(viewerErrors);
    }
}
