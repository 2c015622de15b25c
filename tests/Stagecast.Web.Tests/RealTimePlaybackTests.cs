using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>
/// Issue 16: the watch page plays a browser-published room in real time (WHEP) and can switch to LL-HLS and back;
/// a room that cannot be played in real time falls back to LL-HLS by itself.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RealTimePlaybackTests(WebFixture web)
{
    [Fact]
    public async Task TheWatchPagePlaysInRealTime_AndSwitchesToLlHlsAndBack()
    {
        await using var streamerContext = await web.NewPersonAsync();
        var studio = await Pages.SignUpAsync(streamerContext, Pages.NewUsername("rthost"), "Rita Realtime");
        studio.Dialog += (_, dialog) => dialog.AcceptAsync();
        await studio.GotoAsync("/studio.html");
        await Pages.WaitForPlaybackAsync(studio.Locator("#preview"), 0.5, TimeSpan.FromSeconds(20));
        await studio.Locator("#title").FillAsync("Real-time test live");
        await studio.GetByRole(AriaRole.Button, new() { Name = "Go live" }).ClickAsync();
        await Expect(studio.Locator("#status")).ToHaveTextAsync("You are live.", new() { Timeout = 30_000 });
        var watchHref = await studio.Locator("#watch-link").GetAttributeAsync("href");
        Assert.NotNull(watchHref);

        await using var viewerContext = await web.NewPersonAsync();
        var viewer = await Pages.SignUpAsync(viewerContext, Pages.NewUsername("rtfan"), "Rafa Realtime");
        await viewer.GotoAsync(watchHref);
        var mode = viewer.Locator("#mode");
        await Expect(mode).ToHaveTextAsync("Real-time", new() { Timeout = 30_000 });
        await Pages.WaitForPlaybackAsync(viewer.Locator("#player"), 2, TimeSpan.FromSeconds(60));
        Assert.True(await viewer.Locator("#player").EvaluateAsync<bool>("v => v.srcObject instanceof MediaStream"));
        await Pages.ScreenshotAsync(viewer, "realtime-whep");
        // The room's viewer count as the API gives it. Presence is reported within half a second of a change, and
        // each mode has played for 2 s when it is read.
        const string viewersScript = "async () => (await (await fetch('/api/live/' + encodeURIComponent(new URLSearchParams(location.search).get('room')))).json()).viewers";
        var viewersInRealTime = await viewer.EvaluateAsync<int>(viewersScript);

        await mode.ClickAsync();
        await Expect(mode).ToHaveTextAsync("LL-HLS");
        await Pages.WaitForPlaybackAsync(viewer.Locator("#player"), 2, TimeSpan.FromSeconds(60));
        Assert.True(await viewer.Locator("#player").EvaluateAsync<bool>("v => v.srcObject === null"));

        // Issue 16: the page names its hub connection in the WHEP POST, so watching in real time (hub + WHEP) counts
        // the person once, as LL-HLS (hub only) does.
        Assert.True(viewersInRealTime >= 1, $"{viewersInRealTime} viewers in real time");
        Assert.Equal(await viewer.EvaluateAsync<int>(viewersScript), viewersInRealTime);

        await mode.ClickAsync();
        await Expect(mode).ToHaveTextAsync("Real-time", new() { Timeout = 30_000 });
        await Pages.WaitForPlaybackAsync(viewer.Locator("#player"), 1, TimeSpan.FromSeconds(60));

        await studio.GetByRole(AriaRole.Button, new() { Name = "End live" }).ClickAsync();
        await Expect(viewer.Locator("#ended")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(mode).ToBeHiddenAsync();
    }
}
