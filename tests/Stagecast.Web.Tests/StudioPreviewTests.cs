using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class StudioPreviewTests(WebFixture web)
{
    [Fact]
    public async Task TheStudioPreviewsTheCameraAndListsTheDevices()
    {
        await using var context = await web.NewPersonAsync();
        var page = await Pages.SignUpAsync(context, Pages.NewUsername("sam"));
        var errors = Pages.TrackErrors(page);
        await page.GotoAsync("/studio.html");

        var preview = page.Locator("#preview");
        await Pages.WaitForPlaybackAsync(preview, 0.5, TimeSpan.FromSeconds(20));
        Assert.True(await preview.EvaluateAsync<int>("v => v.videoWidth") > 0);
        await Expect(page.Locator("#camera option")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#microphone option")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Go live" })).ToBeEnabledAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Camera ready. Add a title and press Go live.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "End live" })).ToBeHiddenAsync();
        await Pages.ScreenshotAsync(page, "studio-preview");
        Assert.Empty(errors);
    }
}
