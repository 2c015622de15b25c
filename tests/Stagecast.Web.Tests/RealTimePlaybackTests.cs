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
        var watchHref = await Pages.GoLiveWithCameraAsync(studio, "Real-time test live");

        await using var viewerContext = await web.NewPersonAsync();
        var viewer = await Pages.SignUpAsync(viewerContext, Pages.NewUsername("rtfan"), "Rafa Realtime");
        // Every WHEP request the page makes succeeds: switching to LL-HLS closed the peer connection before its
        // DELETE, which then found the session ended and answered 404 (a failed request in the console).
        var failedWhep = new List<string>();
        viewer.Response += (_, r) =>
        {
            if (r.Status >= 400 && r.Url.Contains("/whep"))
            {
                lock (failedWhep)
                {
                    failedWhep.Add($"{r.Request.Method} {r.Url} {r.Status}");
                }
            }
        };
        var whepDelete = viewer.WaitForResponseAsync(r => r.Request.Method == "DELETE" && r.Url.Contains("/whep/"), new() { Timeout = 90_000 });
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
        await whepDelete;
        lock (failedWhep)
        {
            Assert.True(failedWhep.Count == 0, string.Join(" | ", failedWhep));
        }

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
