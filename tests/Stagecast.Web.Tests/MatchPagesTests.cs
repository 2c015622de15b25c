using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>A LIVE Match walked through the pages: two OBS-mode hosts, an invitation accepted in the studio, a viewer's gift on the score bar, the result banner.</summary>
[Collection(WebCollection.Name)]
public sealed class MatchPagesTests(WebFixture web)
{
    private async Task<(IPage Studio, string RoomId)> HostAsync(IBrowserContext context, string name)
    {
        var studio = await Pages.SignUpAsync(context, Pages.NewUsername("mh"), name);
        studio.Dialog += (_, dialog) => dialog.AcceptAsync();
        var roomId = (await Pages.OpenObsRoomAsync(studio, $"{name} battles")).Split("room=")[1];
        await Api.PostAsync(web, studio, $"/api/live/{roomId}/start");
        await Expect(studio.Locator("#match-invite")).ToBeVisibleAsync();
        return (studio, roomId);
    }

    [Fact]
    public async Task TwoHostsPlayAMatchAndTheViewersGiftDecidesIt()
    {
        await using var contextA = await web.NewPersonAsync();
        await using var contextB = await web.NewPersonAsync();
        var (studioA, roomA) = await HostAsync(contextA, "Ana Red");
        var (studioB, roomB) = await HostAsync(contextB, "Ben Blue");

        await using var viewerContext = await web.NewPersonAsync();
        var viewer = await Pages.SignUpAsync(viewerContext, Pages.NewUsername("mv"), "Vic Viewer");
        var errors = Pages.TrackErrors(viewer);
        await Pages.BuySeventyCoinsAsync(viewer);
        await viewer.GotoAsync($"/watch.html?room={roomA}");
        await Expect(viewer.Locator("#comments")).ToContainTextAsync("Welcome!");

        // The host picks the opponent by name from the hosts live now (the field took only a room id before), after a
        // name nobody live has is refused in words.
        await studioA.Locator("#match-opponent").FillAsync("Nobody Here");
        await studioA.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Expect(studioA.Locator(".toast.error")).ToContainTextAsync("Nobody called “Nobody Here” is live now");
        await studioA.Locator("#match-opponent").FocusAsync();
        await Expect(studioA.Locator("#live-hosts option[value='Ben Blue']")).ToHaveCountAsync(1);
        await Expect(studioA.Locator("#live-hosts option[value='Ana Red']")).ToHaveCountAsync(0);
        await studioA.Locator("#match-opponent").FillAsync("ben blue");
        await studioA.Locator("#match-duration").FillAsync("15");
        await studioA.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Expect(studioA.Locator("#match-state")).ToContainTextAsync("Waiting for the other host");
        await Expect(studioB.Locator("#match-state")).ToContainTextAsync("You are invited");
        await studioB.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(viewer.Locator("#match-score-a")).ToHaveTextAsync("0");
        await Expect(studioA.Locator("#match-timer")).ToHaveTextAsync(new Regex(@"^0:\d\d$"));

        await viewer.GetByRole(AriaRole.Button, new() { Name = "Send a gift" }).ClickAsync();
        await viewer.Locator("#gift-count").SelectOptionAsync("5");
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Send Rose for 1 coin", Exact = true }).ClickAsync();
        await Expect(viewer.Locator("#match-score-a")).ToHaveTextAsync("5");
        await Expect(studioB.Locator("#match-score-a")).ToHaveTextAsync("5");
        await Expect(studioB.Locator("#match-mvps-a")).ToContainTextAsync("Vic Viewer");
        await Pages.ScreenshotAsync(viewer, "watch-match-running");

        await Expect(studioA.Locator("#match-result")).ToHaveTextAsync(new Regex("^Victory! 5 : 0"), new() { Timeout = 60_000 });
        await Expect(studioB.Locator("#match-result")).ToHaveTextAsync(new Regex("^Defeat 0 : 5"), new() { Timeout = 60_000 });
        await Expect(viewer.Locator("#match-result")).ToHaveTextAsync(new Regex("^Victory!"), new() { Timeout = 60_000 });
        await Pages.ScreenshotAsync(studioB, "studio-match-result");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TwoHostsMeetThroughRandomMatchingAndPlayARematch()
    {
        await using var contextA = await web.NewPersonAsync();
        await using var contextB = await web.NewPersonAsync();
        var (studioA, roomA) = await HostAsync(contextA, "Rita Random");
        var (studioB, roomB) = await HostAsync(contextB, "Rob Random");
        var errors = Pages.TrackErrors(studioB);

        // A waits, can stop waiting, and waits again; B's request meets A's.
        await studioA.Locator("#match-duration").FillAsync("5");
        await studioA.GetByRole(AriaRole.Button, new() { Name = "Random opponent" }).ClickAsync();
        await Expect(studioA.Locator("#match-random-state")).ToHaveTextAsync("Waiting for another host…");
        await studioA.GetByRole(AriaRole.Button, new() { Name = "Stop waiting" }).ClickAsync();
        await Expect(studioA.Locator("#match-random-state")).ToHaveTextAsync("");
        await studioA.GetByRole(AriaRole.Button, new() { Name = "Random opponent" }).ClickAsync();
        await Expect(studioA.Locator("#match-random-state")).ToHaveTextAsync("Waiting for another host…");
        await studioB.GetByRole(AriaRole.Button, new() { Name = "Random opponent" }).ClickAsync();
        await Expect(studioB.Locator("#match")).ToHaveAttributeAsync("data-status", "running");
        await Expect(studioA.Locator("#match")).ToHaveAttributeAsync("data-status", "running");
        await Expect(studioA.Locator("#match-random-state")).ToHaveTextAsync("");

        // The 5 s match ends in a draw; B offers a rematch, A accepts it in the studio.
        await Expect(studioB.Locator("#match-result")).ToContainTextAsync("Draw", new() { Timeout = 30_000 });
        await studioB.GetByRole(AriaRole.Button, new() { Name = "Offer a rematch" }).ClickAsync();
        await Expect(studioB.Locator("#match-state")).ToContainTextAsync("Waiting for the other host");
        await Expect(studioA.Locator("#match-state")).ToContainTextAsync("You are invited");
        await studioA.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(studioB.Locator("#match")).ToHaveAttributeAsync("data-status", "running");
        var sides = await Api.GetAsync(web, studioA, $"/api/live/{roomA}/match");
        Assert.Equal([roomB, roomA], sides.GetProperty("sides").EnumerateArray().Select(x => x.GetProperty("roomId").GetString()));
        Assert.Empty(errors);
    }
}
