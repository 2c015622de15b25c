using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>
/// Two hosts live with the fake camera (WHIP from the studio) play a match: the viewer's watch page shows the
/// opponent's stream beside the room's, both over LL-HLS, and keeps them in step by PROGRAM-DATE-TIME.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class MatchSideBySideTests(WebFixture web)
{
    private async Task<(IPage Studio, string RoomId)> GoLiveAsync(IBrowserContext context, string name)
    {
        var studio = await Pages.SignUpAsync(context, Pages.NewUsername("sbs"), name);
        studio.Dialog += (_, dialog) => dialog.AcceptAsync();
        var roomId = (await Pages.GoLiveWithCameraAsync(studio, $"{name} side by side")).Split("room=")[1];
        return (studio, roomId);
    }

    [Fact]
    public async Task TheWatchPageShowsBothRoomsSideBySideInStepByProgramDateTime()
    {
        await using var contextA = await web.NewPersonAsync();
        await using var contextB = await web.NewPersonAsync();
        var (studioA, roomA) = await GoLiveAsync(contextA, "Lea Left");
        var (studioB, roomB) = await GoLiveAsync(contextB, "Ray Right");

        await using var viewerContext = await web.NewPersonAsync();
        var viewer = await viewerContext.NewPageAsync();
        var errors = Pages.TrackErrors(viewer);
        await viewer.GotoAsync($"/watch.html?room={roomA}");
        await Pages.WaitForPlaybackAsync(viewer.Locator("#player"), 1, TimeSpan.FromSeconds(40));

        // The correction rule itself: seek beyond a second, nudge the rate below, leave 60 ms alone.
        var rule = await viewer.EvaluateAsync<double[]>("""
            async () => {
              const { syncStep } = await import('/js/match-view.js');
              const at = (ms) => new Date(1_800_000_000_000 + ms);
              const far = syncStep(at(0), at(2500)), near = syncStep(at(0), at(-400)), close = syncStep(at(0), at(50));
              return [far.seek, far.rate, near.seek, near.rate, close.rate, syncStep(null, at(0)) === null ? 1 : 0];
            }
            """);
        Assert.Equal([-2.5, 1, 0, 1.1, 1, 1], rule.Select(x => Math.Round(x, 3)));

        await studioA.Locator("#match-opponent").FillAsync(roomB);
        await studioA.Locator("#match-duration").FillAsync("120");
        await studioA.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await studioB.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

        // Both rooms play side by side over LL-HLS, and the opponent's player follows this room's program date.
        await Expect(viewer.Locator("#stage")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("match-split"));
        await Expect(viewer.Locator("#mode")).ToHaveTextAsync("LL-HLS");
        await Pages.WaitForPlaybackAsync(viewer.Locator("#match-video"), 1, TimeSpan.FromSeconds(40));
        await Expect(viewer.Locator("#stage")).ToHaveAttributeAsync("data-sync-offset-ms", new System.Text.RegularExpressions.Regex(@"^-?\d+$"), new() { Timeout = 30_000 });
        await PollInStepAsync(viewer);
        await Pages.ScreenshotAsync(viewer, "watch-match-side-by-side");

        // The match ends (the host ends the room): the opponent's player goes away.
        await studioB.Locator("#end-live").ClickAsync();
        await Expect(viewer.Locator("#match-video")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        Assert.Empty(errors);
    }

    /// <summary>Waits (with a deadline against hangs) until the measured offset between the two program dates is within 500 ms.</summary>
    private static async Task PollInStepAsync(IPage viewer)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await viewer.Locator("#stage").GetAttributeAsync("data-sync-offset-ms");
            if (last is not null && Math.Abs(long.Parse(last)) <= 500)
            {
                return;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"the two players did not come within 500 ms of each other (last offset {last} ms)");
    }
}
