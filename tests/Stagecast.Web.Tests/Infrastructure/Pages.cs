using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Stagecast.Web.Tests.Infrastructure;

/// <summary>What a person does in the browser, step by step, shared by the tests.</summary>
public static class Pages
{
    public const string Password = "correct horse battery";

    public static string NewUsername(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Signs up through the login page and waits for the header to show the new session.</summary>
    public static async Task<IPage> SignUpAsync(IBrowserContext context, string username, string? displayName = null)
    {
        var page = await context.NewPageAsync();
        TrackErrors(page);
        await page.GotoAsync("/login.html");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Sign up" }).ClickAsync();
        await page.Locator("#username").FillAsync(username);
        if (displayName is not null)
        {
            await page.Locator("#displayName").FillAsync(displayName);
        }
        await page.Locator("#password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/login.html"));
        }
        catch (TimeoutException)
        {
            // Say why the page stayed (a display name another test already holds is refused as a look-alike, for one).
            throw new InvalidOperationException(
                $"Signing up {username} ({displayName}) did not leave the login page: \"{await page.Locator("#auth-error").TextContentAsync()}\"");
        }
        await Assertions.Expect(page.Locator("header.site #me")).ToHaveTextAsync(displayName ?? username);
        return page;
    }

    /// <summary>
    /// Opens a room from the studio in OBS mode (the room without page media: chat, gifts and moderation need only the
    /// room and the hub) and returns its watch page's address.
    /// </summary>
    public static async Task<string> OpenObsRoomAsync(IPage studio, string title)
    {
        await studio.GotoAsync("/studio.html");
        await studio.Locator("#title").FillAsync(title);
        await studio.GetByRole(AriaRole.Button, new() { Name = "Stream with OBS instead" }).ClickAsync();
        await Assertions.Expect(studio.Locator("#obs-details")).ToBeVisibleAsync();
        return (await studio.Locator("#watch-link").GetAttributeAsync("href"))!;
    }

    /// <summary>
    /// Goes live from the studio with the fake camera (preview playing, title, Go live, WHIP) and waits for
    /// "You are live."; returns the watch page's address.
    /// </summary>
    public static async Task<string> GoLiveWithCameraAsync(IPage studio, string title)
    {
        await studio.GotoAsync("/studio.html");
        await WaitForPlaybackAsync(studio.Locator("#preview"), 0.5, TimeSpan.FromSeconds(20));
        await studio.Locator("#title").FillAsync(title);
        await studio.GetByRole(AriaRole.Button, new() { Name = "Go live" }).ClickAsync();
        await Assertions.Expect(studio.Locator("#status")).ToHaveTextAsync("You are live.", new() { Timeout = 30_000 });
        return (await studio.Locator("#watch-link").GetAttributeAsync("href"))!;
    }

    /// <summary>Buys the 70-coin pack in the sandbox checkout from the wallet page and waits until the balance shows it.</summary>
    public static async Task BuySeventyCoinsAsync(IPage page)
    {
        await page.GotoAsync("/wallet.html");
        await page.Locator("#packs button[data-pack-id='coins-70']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("confirm", RegexOptions.IgnoreCase) }).ClickAsync();
        await Assertions.Expect(page.Locator("#wallet-coins")).ToHaveTextAsync("70");
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(WebFixture.ScreenshotDirectory, name + ".png"),
            FullPage = true,
        });
    }

    /// <summary>Uncaught script errors on the page, collected so a test can assert there were none.</summary>
    public static List<string> TrackErrors(IPage page)
    {
        if (Errors.TryGetValue(page, out var existing))
        {
            return existing;
        }
        var errors = new List<string>();
        page.PageError += (_, message) =>
        {
            lock (errors)
            {
                errors.Add(message);
            }
        };
        Errors.Add(page, errors);
        return errors;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> Errors = new();

    /// <summary>
    /// What the page logs as errors in the browser's console, failed requests included ("Failed to load resource: …
    /// 404"), with the address; a visitor with the developer tools open sees each of them in red.
    /// </summary>
    public static List<string> TrackConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"{message.Text} ({message.Location})");
                }
            }
        };
        return errors;
    }

    /// <summary>The video's currentTime; it advances only while frames really play.</summary>
    public static Task<double> CurrentTimeAsync(ILocator video) => video.EvaluateAsync<double>("v => v.currentTime");

    public static async Task WaitForPlaybackAsync(ILocator video, double seconds, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var first = await CurrentTimeAsync(video);
        while (DateTime.UtcNow < deadline)
        {
            var now = await CurrentTimeAsync(video);
            if (now - first >= seconds && await video.EvaluateAsync<int>("v => v.videoWidth") > 0)
            {
                return;
            }
            if (now < first)
            {
                first = now;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The video did not play {seconds} s within {timeout}: currentTime went from {first} to {await CurrentTimeAsync(video)}.");
    }
}
