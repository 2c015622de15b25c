using System.Text.Json;
using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>What a first-time visitor meets: the icon and manifest, a one-click way to sign up, an honest empty dashboard.</summary>
[Collection(WebCollection.Name)]
public sealed class FirstVisitTests(WebFixture web)
{
    [Fact]
    public async Task TheHomePageRequestsNoMissingFilesAndShipsAnIconAndAManifest()
    {
        await using var context = await web.NewPersonAsync();
        var page = await context.NewPageAsync();
        var missing = new List<string>();
        page.Response += (_, response) =>
        {
            // The feed API is another issue's work; every file the page itself links to must exist.
            if (response.Status >= 400 && !new Uri(response.Url).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))
            {
                lock (missing)
                {
                    missing.Add($"{response.Status} {response.Url}");
                }
            }
        };
        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });

        var icon = await page.APIRequest.GetAsync("/favicon.ico");
        Assert.Equal(200, icon.Status);
        Assert.Equal("image/x-icon", icon.Headers["content-type"]);
        var ico = await icon.BodyAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, ico[..4]);

        var manifestHref = await page.Locator("link[rel=manifest]").GetAttributeAsync("href");
        Assert.NotNull(manifestHref);
        var manifest = await page.APIRequest.GetAsync(manifestHref);
        Assert.Equal(200, manifest.Status);
        Assert.StartsWith("application/manifest+json", manifest.Headers["content-type"]);
        using var document = JsonDocument.Parse(await manifest.TextAsync());
        Assert.Equal("Stagecast", document.RootElement.GetProperty("name").GetString());
        var icons = document.RootElement.GetProperty("icons").EnumerateArray().ToList();
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "512x512");
        foreach (var entry in icons)
        {
            var file = await page.APIRequest.GetAsync(entry.GetProperty("src").GetString()!);
            Assert.Equal(200, file.Status);
            Assert.Equal(entry.GetProperty("type").GetString(), file.Headers["content-type"]);
        }
        foreach (var link in await page.Locator("link[rel~=icon], link[rel=apple-touch-icon]").AllAsync())
        {
            var file = await page.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
            Assert.Equal(200, file.Status);
        }
        lock (missing)
        {
            Assert.Empty(missing);
        }
    }

    [Fact]
    public async Task AFirstTimeVisitorCreatesAnAccountFromTheHomePageInOneClick()
    {
        await using var context = await web.NewPersonAsync();
        var page = await context.NewPageAsync();
        var errors = Pages.TrackErrors(page);
        await page.GotoAsync("/");
        var header = page.Locator("header.site");
        await Expect(header.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
        var signUp = header.GetByRole(AriaRole.Link, new() { Name = "Sign up" });
        await Expect(signUp).ToBeVisibleAsync();

        // One click lands on the form already in sign-up mode: nothing else to find.
        await signUp.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign up", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Sign up" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator("#displayName")).ToBeVisibleAsync();
        await page.Locator("#username").FillAsync(Pages.NewUsername("new"));
        await page.Locator("#displayName").FillAsync("Nia New");
        await page.Locator("#password").FillAsync(Pages.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // The URL is what is checked; the header below waits for itself. Waiting for the home page's load event (the
        // default) timed out after 20 s in one full suite run, once earlier tests had left live rooms and videos in the
        // feed; alone the test passed. Likely cause, not proven: a feed <video> without data holds the load event back.
        await page.WaitForURLAsync(url => !url.Contains("/login.html"), new() { WaitUntil = WaitUntilState.Commit });
        Assert.Equal(web.BaseUrl + "/", page.Url);
        await Expect(header.Locator("#me")).ToHaveTextAsync("Nia New");
        await Expect(header.GetByRole(AriaRole.Link, new() { Name = "Sign up" })).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheEarningsChartOfANewCreatorHasDistinctTicksFromZero()
    {
        await using var context = await web.NewPersonAsync();
        var page = await Pages.SignUpAsync(context, Pages.NewUsername("cro"));
        await page.GotoAsync("/creator.html");
        await Expect(page.Locator("#chart svg rect.bar")).ToHaveCountAsync(30);

        var ticks = await page.Locator("#chart svg text.y-tick").AllTextContentsAsync();
        Assert.Equal(["0", "1"], ticks);
        await Expect(page.Locator("#chart")).ToContainTextAsync("No diamonds yet");
    }
}
