using System.IO.Compression;
using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>The account page's privacy panels in Chromium: download my data (progress, then the zip), delete my account.</summary>
[Collection(WebCollection.Name)]
public sealed class PrivacyPagesTests(WebFixture web)
{
    [Fact]
    public async Task DownloadMyDataShowsProgressThenSavesTheArchive()
    {
        await using var context = await web.NewPersonAsync();
        var username = Pages.NewUsername("dora");
        var page = await Pages.SignUpAsync(context, username);
        var errors = Pages.TrackErrors(page);
        await page.GotoAsync("/account.html");
        await page.GetByRole(AriaRole.Button, new() { Name = "Download my data" }).ClickAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Save the archive" });
        await Expect(link).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("#export-status")).ToContainTextAsync("Your data is ready");
        Assert.Equal(100, await page.Locator("#export-progress").EvaluateAsync<int>("p => p.value"));
        await Pages.ScreenshotAsync(page, "account-export-ready");

        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"stagecast-web-export-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(path);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            using var reader = new StreamReader(zip.GetEntry("account.json")!.Open());
            Assert.Contains(username, await reader.ReadToEndAsync());
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Empty(errors);
    }

    [Fact]
    public async Task DeleteMyAccountAsksForThePasswordThenSignsOutForGood()
    {
        await using var context = await web.NewPersonAsync();
        var username = Pages.NewUsername("eve");
        var page = await Pages.SignUpAsync(context, username);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync("/account.html");

        await page.Locator("#delete-password").FillAsync("not my password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await Expect(page.Locator("#delete-status")).ToHaveTextAsync("That is not your password.");

        await page.Locator("#delete-password").FillAsync(Pages.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/login.html?deleted=1"));
        await Expect(page.Locator("#auth-notice")).ToHaveTextAsync("Your account was deleted. Thank you for being part of Stagecast.");
        await Pages.ScreenshotAsync(page, "account-deleted");

        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(Pages.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.Locator("#auth-error")).ToHaveTextAsync("The username or password is wrong.");
    }
}
