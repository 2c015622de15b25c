using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>Moderation pressed in the studio takes effect on the viewer's page.</summary>
[Collection(WebCollection.Name)]
public sealed class ModerationTests(WebFixture web)
{
    [Fact]
    public async Task MuteAndBanFromTheStudioReachTheViewer()
    {
        await using var streamerContext = await web.NewPersonAsync();
        var studio = await Pages.SignUpAsync(streamerContext, Pages.NewUsername("mod"), "Mo Host");
        studio.Dialog += (_, dialog) => dialog.AcceptAsync();
        var watchHref = await Pages.OpenObsRoomAsync(studio, "Moderation test");

        await using var viewerContext = await web.NewPersonAsync();
        var viewer = await Pages.SignUpAsync(viewerContext, Pages.NewUsername("troll"), "Tom Troll");
        await viewer.GotoAsync(watchHref);
        await Expect(viewer.Locator("#comments")).ToContainTextAsync("Welcome!");

        await viewer.Locator("#comment").FillAsync("first comment");
        await viewer.Locator("#comment").PressAsync("Enter");
        var line = studio.Locator("#comments li.comment", new() { HasText = "first comment" });
        await Expect(line).ToBeVisibleAsync();

        // Delete: the comment disappears from the viewer's page too.
        await viewer.Locator("#comment").FillAsync("rude comment");
        await viewer.Locator("#comment").PressAsync("Enter");
        var rude = studio.Locator("#comments li.comment", new() { HasText = "rude comment" });
        await Expect(viewer.Locator("#comments")).ToContainTextAsync("rude comment"); // there before it is deleted
        await rude.GetByRole(AriaRole.Button, new() { Name = "Delete comment by Tom Troll" }).ClickAsync();
        await Expect(viewer.Locator("#comments")).Not.ToContainTextAsync("rude comment");
        await Expect(studio.Locator("#comments")).Not.ToContainTextAsync("rude comment");

        // Blocked keywords: a comment with one is refused with the server's explanation.
        await studio.Locator("#keyword").FillAsync("spoiler");
        await studio.Locator("#keyword").PressAsync("Enter");
        await Expect(studio.Locator("#keywords")).ToContainTextAsync("spoiler");
        await viewer.Locator("#comment").FillAsync("huge SPOILER ahead");
        await viewer.Locator("#comment").PressAsync("Enter");
        await Expect(viewer.Locator("#comment-error")).ToContainTextAsync("blocked words");
        // A later comment reaches the studio; the refused one, had it been published, would have come first.
        await viewer.Locator("#comment").FillAsync("clean comment after the refusal");
        await viewer.Locator("#comment").PressAsync("Enter");
        await Expect(studio.Locator("#comments")).ToContainTextAsync("clean comment after the refusal");
        await Expect(studio.Locator("#comments")).Not.ToContainTextAsync("SPOILER");

        // Slow mode: the viewer is told.
        await studio.Locator("#slow").FillAsync("30");
        await studio.Locator("#slow-form").GetByRole(AriaRole.Button, new() { Name = "Set" }).ClickAsync();
        await Expect(viewer.Locator("#comments")).ToContainTextAsync("Slow mode is on: one comment every 30 s.");

        // Mute: the viewer's next comment is refused with a friendly explanation and reaches nobody.
        await line.GetByRole(AriaRole.Button, new() { Name = "Mute Tom Troll" }).ClickAsync();
        await Expect(studio.Locator("#restricted")).ToContainTextAsync("Tom Troll (muted)");
        await viewer.Locator("#comment").FillAsync("muted comment");
        await viewer.Locator("#comment").PressAsync("Enter");
        await Expect(viewer.Locator("#comment-error")).ToContainTextAsync("mute", new() { IgnoreCase = true });
        await Pages.ScreenshotAsync(viewer, "moderation-muted");
        // Another viewer's later comment reaches the studio; the muted one, had it been published, would have come first.
        await using var bystanderContext = await web.NewPersonAsync();
        var bystander = await Pages.SignUpAsync(bystanderContext, Pages.NewUsername("by"), "Bea Bystander");
        await bystander.GotoAsync(watchHref);
        await Expect(bystander.Locator("#comments")).ToContainTextAsync("Welcome!");
        await bystander.Locator("#comment").FillAsync("bystander after the mute");
        await bystander.Locator("#comment").PressAsync("Enter");
        await Expect(studio.Locator("#comments")).ToContainTextAsync("bystander after the mute");
        await Expect(studio.Locator("#comments")).Not.ToContainTextAsync("muted comment");

        // Ban: the viewer's page switches to the removed state.
        await line.GetByRole(AriaRole.Button, new() { Name = "Ban Tom Troll" }).ClickAsync();
        await Expect(studio.Locator("#restricted")).ToContainTextAsync("Tom Troll (banned)");
        await Expect(viewer.Locator("#ended-title")).ToHaveTextAsync("You were removed from this live", new() { Timeout = 15_000 });
        await Pages.ScreenshotAsync(viewer, "moderation-banned");
        await Pages.ScreenshotAsync(studio, "moderation-studio");

        // A banned viewer who reloads cannot come back in.
        await viewer.ReloadAsync();
        await Expect(viewer.Locator("#ended")).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }
}
