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
            ("/account.html", "Account"),
            ("/profile.html", $"Pat {name}"),
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
            // A loading, empty or error line spans its container (the profile's "No videos yet." sat in one grid
            // cell, broken over two lines).
            var narrow = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('.state')].filter(s => {
                const parent = getComputedStyle(s.parentElement);
                const room = s.parentElement.clientWidth - parseFloat(parent.paddingLeft) - parseFloat(parent.paddingRight);
                return s.offsetParent !== null && s.getBoundingClientRect().width < room * 0.9;
              }).map(s => s.textContent)");
            Assert.True(narrow.Length == 0, $"{path}: state lines narrower than their container at {width}px wide: {string.Join(" | ", narrow)}");
            // Each menu link on one line (at phone width "Go live" was broken over two; the menu scrolls instead).
            var broken = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('header.site nav a')].filter(a => {
                const text = document.createRange();
                text.selectNodeContents(a);
                return new Set([...text.getClientRects()].map(r => Math.round(r.top))).size > 1;
              }).map(a => a.textContent)");
            Assert.True(broken.Length == 0, $"{path}: menu links broken over two lines at {width}px wide: {string.Join(", ", broken)}");
            // The page's own menu link is in sight (at phone width the menu scrolls, and "Account" sat past its edge).
            var current = await page.EvaluateAsync<string?>(@"() => { const nav = document.querySelector('header.site nav').getBoundingClientRect();
                const a = document.querySelector('header.site nav a[aria-current=page]');
                if (!a) return null; const r = a.getBoundingClientRect();
                return r.left >= nav.left - 1 && r.right <= nav.right + 1 ? '' : `${a.textContent} at ${Math.round(r.left)}..${Math.round(r.right)}, menu ${Math.round(nav.left)}..${Math.round(nav.right)}`; }");
            Assert.True(current is null or "", $"{path}: the current page's menu link is out of sight at {width}px wide: {current}");
            if (path == "/profile.html")
            {
                // The header reads as one block: the handle and the counts line sit close (they were 60 px apart).
                var gaps = await page.EvaluateAsync<double[]>(@"() => { const ps = [...document.querySelectorAll('#profile > p')];
                  return ps.slice(1).map((p, i) => p.getBoundingClientRect().top - ps[i].getBoundingClientRect().bottom); }");
                Assert.All(gaps, gap => Assert.True(gap < 12, $"profile lines {gap}px apart at {width}px wide"));
            }
            await Pages.ScreenshotAsync(page, $"{name}-{PageName(path)}");
        }
        Assert.Empty(errors);

        await context.ClearCookiesAsync();
        await page.EvaluateAsync("() => localStorage.clear()");
        await page.GotoAsync("/login.html");
        await Pages.ScreenshotAsync(page, $"{name}-login");
    }

    /// <summary>
    /// Found by trying the studio as a new host: the stream health read "connect…" (the connection state cut off) and
    /// the subscriber-only switch was a 44 px high bar across the panel above its text (the text-field rule sized it).
    /// </summary>
    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task TheStudiosHealthValuesFitAndItsCheckboxIsACheckbox(string name, int width, int height)
    {
        await using var context = await web.NewPersonAsync(new ViewportSize { Width = width, Height = height });
        var page = await Pages.SignUpAsync(context, Pages.NewUsername("stu"), $"Stu {name}");
        await page.GotoAsync("/studio.html");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Studio", Level = 1 })).ToBeVisibleAsync();

        // The longest values the health panel shows: each connection state (RTCPeerConnection.connectionState),
        // a four-digit bitrate and a 1080p resolution.
        var cut = await page.EvaluateAsync<string[]>(@"() => {
            const cut = [];
            const values = { '#h-state': ['connecting', 'connected', 'disconnected'], '#h-bitrate': ['1,234 kbps'], '#h-resolution': ['1920×1080'], '#h-fps': ['30 fps'] };
            for (const [id, texts] of Object.entries(values)) {
              const el = document.querySelector(id);
              for (const text of texts) { el.textContent = text; if (el.scrollWidth > el.clientWidth) cut.push(`${text}: ${el.scrollWidth} > ${el.clientWidth}`); }
            }
            return cut;
          }");
        Assert.True(cut.Length == 0, $"cut off at {width}px: {string.Join("; ", cut)}");

        var box = (await page.Locator("#subs-only").BoundingBoxAsync())!;
        Assert.True(box.Width <= 32 && box.Height <= 32, $"the subscriber-only checkbox is {box.Width}x{box.Height}px");
        // The first line of its text starts to the right of it, on the same line.
        var beside = await page.EvaluateAsync<bool>(@"() => {
            const box = document.querySelector('#subs-only').getBoundingClientRect();
            const node = [...document.querySelector('#subs-only').parentElement.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
            const range = document.createRange();
            range.selectNodeContents(node);
            const line = range.getClientRects()[0];
            return line.left >= box.right && line.top < box.bottom && line.bottom > box.top;
          }");
        Assert.True(beside, "the subscriber-only text is not beside its checkbox");
    }

    /// <summary>
    /// Found in the phone walk: nothing in the header led to one's own profile (the name beside the balance was plain
    /// text, and hidden on a phone), so a creator reached their videos' page only through the upload page.
    /// </summary>
    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task TheMenuLeadsToTheUsersOwnProfile(string name, int width, int height)
    {
        string otherId;
        await using (var otherPerson = await web.NewPersonAsync())
        {
            var other = await Pages.SignUpAsync(otherPerson, Pages.NewUsername("oth"), $"Otto {name}");
            otherId = await other.EvaluateAsync<string>("() => localStorage.getItem('stagecast.userId')");
        }
        await using var context = await web.NewPersonAsync(new ViewportSize { Width = width, Height = height });
        var page = await Pages.SignUpAsync(context, Pages.NewUsername("own"), $"Olive {name}");
        await page.GotoAsync("/wallet.html");
        var menu = page.Locator("header.site nav");
        await menu.GetByRole(AriaRole.Link, new() { Name = "Profile", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Olive {name}", Level = 1 })).ToBeVisibleAsync();
        await Expect(menu.Locator("a[aria-current=page]")).ToHaveTextAsync("Profile");

        // Someone else's profile is not the menu's "Profile".
        await page.GotoAsync($"/profile.html?user={otherId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Otto {name}", Level = 1 })).ToBeVisibleAsync();
        await Expect(menu.Locator("a[aria-current=page]")).ToHaveCountAsync(0);

        if (width > 800)
        {
            // On a wide screen the name beside the balance leads there too.
            await page.Locator("header.site #me").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Olive {name}", Level = 1 })).ToBeVisibleAsync();
            Assert.EndsWith("/profile.html", page.Url);
        }
    }

    /// <summary>
    /// Found in the phone walk: the studio and every watch page asked for the room's match and got a 404 when it had
    /// none, and the account page of an account without an email address got a 404 too; each showed in the browser's
    /// console as a failed request. Going live, watching and opening one's account now log nothing in red.
    /// </summary>
    [Fact]
    public async Task GoingLiveWatchingAndTheAccountPageLogNoConsoleErrors()
    {
        await using var hostContext = await web.NewPersonAsync();
        var studio = await Pages.SignUpAsync(hostContext, Pages.NewUsername("quiet"), "Quinn Quiet");
        var studioConsole = Pages.TrackConsoleErrors(studio);
        studio.Dialog += (_, dialog) => dialog.AcceptAsync();
        var studioMatch = studio.WaitForResponseAsync(r => r.Url.EndsWith("/match"), new() { Timeout = 60_000 });
        var watchHref = await Pages.GoLiveWithCameraAsync(studio, "A quiet console");
        var studioMatchStatus = (await studioMatch).Status;

        await using var viewerContext = await web.NewPersonAsync();
        var viewer = await Pages.SignUpAsync(viewerContext, Pages.NewUsername("calm"), "Cal Calm");
        var viewerConsole = Pages.TrackConsoleErrors(viewer);
        var watchMatch = viewer.WaitForResponseAsync(r => r.Url.EndsWith("/match"));
        await viewer.GotoAsync(watchHref);
        await Expect(viewer.Locator("#room-title")).ToHaveTextAsync("A quiet console");
        await Pages.WaitForPlaybackAsync(viewer.Locator("#player"), 1, TimeSpan.FromSeconds(30));
        var watchMatchStatus = (await watchMatch).Status;

        // The host's profile says LIVE beside their name (the card badge's rule pinned it to the page's top-left
        // corner, under the header).
        var hostId = await studio.EvaluateAsync<string>("() => localStorage.getItem('stagecast.userId')");
        await viewer.GotoAsync($"/profile.html?user={hostId}");
        var live = viewer.Locator("#profile h1 a.badge");
        await Expect(live).ToHaveTextAsync("LIVE");
        var placed = await live.EvaluateAsync<string>(@"b => { const r = b.getBoundingClientRect(), h = b.closest('h1').getBoundingClientRect();
            return r.top >= h.top - 1 && r.bottom <= h.bottom + 1 && r.left >= h.left ? '' : `LIVE at ${Math.round(r.left)},${Math.round(r.top)}, name at ${Math.round(h.left)},${Math.round(h.top)}..${Math.round(h.bottom)}`; }");
        Assert.True(placed == "", placed);

        var email = viewer.WaitForResponseAsync(r => r.Url.EndsWith("/api/me/email"));
        await viewer.GotoAsync("/account.html");
        await Expect(viewer.Locator("#email-current")).ToHaveTextAsync("No email address yet.");
        var emailStatus = (await email).Status;
        // A last round trip through the page, so a console message sent with the answers above has arrived.
        await viewer.EvaluateAsync("() => new Promise(r => setTimeout(r, 200))");

        Assert.True(studioConsole.Count == 0, "studio: " + string.Join(" | ", studioConsole));
        Assert.True(viewerConsole.Count == 0, "viewer: " + string.Join(" | ", viewerConsole));
        Assert.Equal((204, 204, 204), (studioMatchStatus, watchMatchStatus, emailStatus));
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
