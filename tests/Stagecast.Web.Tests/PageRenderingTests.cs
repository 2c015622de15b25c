using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>Every page renders without script errors at desktop and phone widths; screenshots are kept as artifacts.</summary>
[Collection(WebCollection.Name)]
public sealed class PageRenderingTests(WebFixture web)
{
    public static TheoryData<string, int, int> Viewports => new()
    {
        { "desktop", 1280, 860 },
        { "phone", 390, 844 },
    };

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task EveryPageRendersWithoutScriptErrorsOrSidewaysScrolling(string name, int width, int height)
    {
        await using var context = await web.NewPersonAsync(new ViewportSize { Width = width, Height = height });
        var page = await Pages.SignUpAsync(context, Pages.NewUsername("pat"), $"Pat {name}");
        var errors = Pages.TrackErrors(page);
        var pages = new (string Path, string Heading)[]
        {
            ("/", "Live now"),
            ("/studio.html", "Studio"),
            ("/wallet.html", "Wallet"),
            ("/creator.html", "Creator dashboard"),
            ("/subscriptions.html", "My subscriptions"),
            ("/watch.html?room=no-such-room", "Live not found"),
        };
        foreach (var (path, heading) in pages)
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            // Loading states settle into content, an empty state or an error state.
            await Expect(page.Locator(".state.loading")).ToHaveCountAsync(0);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow}px at {width}px wide");
            await Pages.ScreenshotAsync(page, $"{name}-{PageName(path)}");
        }
        Assert.Empty(errors);

        await context.ClearCookiesAsync();
        await page.EvaluateAsync("() => localStorage.clear()");
        await page.GotoAsync("/login.html");
        await Pages.ScreenshotAsync(page, $"{name}-login");
    }

    [Fact]
    public async Task HomeShowsTheEmptyFeedState()
    {
        await using var context = await web.NewPersonAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("#feed")).ToContainTextAsync("No short videos yet");
        await Expect(page.Locator("#rooms .state.loading")).ToHaveCountAsync(0);
        await Expect(page.Locator("header.site").GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AWatchPageForAnUnknownRoomSaysSo()
    {
        await using var context = await web.NewPersonAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/watch.html?room=does-not-exist");
        await Expect(page.Locator("#ended")).ToBeVisibleAsync();
        await Expect(page.Locator("#ended-title")).ToHaveTextAsync("This live does not exist");
        await Expect(page.Locator("#comment")).ToBeDisabledAsync();
    }

    private static string PageName(string path) =>
        path == "/" ? "home" : path.TrimStart('/').Split('.')[0];
}
