using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>Issue 14: a viewer reports a comment on the watch page; an operator suspends, or mutes, its author from the queue.</summary>
[Collection(WebCollection.Name)]
public sealed class ReportQueueTests(WebFixture web)
{
    [Fact]
    public async Task A_reported_comment_reaches_the_operator_queue_and_a_suspension_locks_its_author_out()
    {
        await using var hostContext = await web.NewPersonAsync();
        var studio = await Pages.SignUpAsync(hostContext, Pages.NewUsername("rhost"), "Rae Host");
        studio.Dialog += (_, dialog) => dialog.AcceptAsync();
        var watchHref = await Pages.OpenObsRoomAsync(studio, "Report queue test");

        await using var spammerContext = await web.NewPersonAsync();
        var spammerName = Pages.NewUsername("spam");
        var spammer = await Pages.SignUpAsync(spammerContext, spammerName, "Sam Spammer");
        await spammer.GotoAsync(watchHref);
        await Expect(spammer.Locator("#comments")).ToContainTextAsync("Welcome!");
        await spammer.Locator("#comment").FillAsync("cheap followers at spam.example");
        await spammer.Locator("#comment").PressAsync("Enter");

        await using var reporterContext = await web.NewPersonAsync();
        var reporter = await Pages.SignUpAsync(reporterContext, Pages.NewUsername("rep"), "Ria Reporter");
        reporter.Dialog += (_, dialog) => dialog.AcceptAsync("selling followers");
        await reporter.GotoAsync(watchHref);
        var line = reporter.Locator("#comments li.comment", new() { HasText = "cheap followers" });
        await line.GetByRole(AriaRole.Button, new() { Name = "Report comment by Sam Spammer" }).ClickAsync();
        await Expect(reporter.Locator("#toasts")).ToContainTextAsync("operators will review");

        await using var operatorContext = await web.NewPersonAsync();
        var ops = await Pages.SignUpAsync(operatorContext, PlatformProcess.OperatorUsername, "Olga Operator");
        ops.Dialog += (_, dialog) => dialog.AcceptAsync("spam: followers for sale");
        await ops.GotoAsync("/account.html");
        await ops.GetByRole(AriaRole.Link, new() { Name = "Open the moderation queue" }).ClickAsync();
        var report = ops.Locator("li.report", new() { HasText = "cheap followers at spam.example" });
        await Expect(report).ToContainTextAsync("selling followers");
        await Expect(report.Locator("li.reported")).ToContainTextAsync("Sam Spammer");
        await Pages.ScreenshotAsync(ops, "operator-queue");
        await report.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Suspend 24 h") }).ClickAsync();
        await Expect(report).ToHaveCountAsync(0);
        await Expect(ops.Locator("#audit")).ToContainTextAsync("suspend user");
        await Expect(ops.Locator("#audit")).ToContainTextAsync("spam: followers for sale");

        // The spammer's session is over: signing in again is refused with the suspension's end.
        await spammerContext.ClearCookiesAsync();
        await spammer.EvaluateAsync("() => localStorage.clear()");
        await spammer.GotoAsync("/login.html");
        await spammer.Locator("#username").FillAsync(spammerName);
        await spammer.Locator("#password").FillAsync(Pages.Password);
        await spammer.Locator("#auth-form button[type=submit]").ClickAsync();
        await Expect(spammer.Locator("#auth-error")).ToContainTextAsync("suspended until");

        // A user who is not an operator is told so on the queue page.
        await reporter.GotoAsync("/operator.html");
        await Expect(reporter.Locator("#queue-status")).ToContainTextAsync("Only operators");
    }

    // Display names are unique on the one platform the Web tests share (no look-alikes either): these are this test's own.
    [Fact]
    public async Task An_operator_mutes_a_reported_commenter_from_the_queue_and_their_next_comment_is_refused_while_they_keep_watching()
    {
        await using var hostContext = await web.NewPersonAsync();
        var studio = await Pages.SignUpAsync(hostContext, Pages.NewUsername("mhost"), "Nell Host");
        var watchHref = await Pages.OpenObsRoomAsync(studio, "Mute queue test");

        await using var trollContext = await web.NewPersonAsync();
        var troll = await Pages.SignUpAsync(trollContext, Pages.NewUsername("insult"), "Ivo Insulter");
        await troll.GotoAsync(watchHref);
        await Expect(troll.Locator("#comments")).ToContainTextAsync("Welcome!");
        await troll.Locator("#comment").FillAsync("everyone here is a loser");
        await troll.Locator("#comment").PressAsync("Enter");

        await using var reporterContext = await web.NewPersonAsync();
        var reporter = await Pages.SignUpAsync(reporterContext, Pages.NewUsername("mrep"), "Mia Reporter");
        reporter.Dialog += (_, dialog) => dialog.AcceptAsync("insults");
        await reporter.GotoAsync(watchHref);
        await reporter.Locator("#comments li.comment", new() { HasText = "is a loser" })
            .GetByRole(AriaRole.Button, new() { Name = "Report comment by Ivo Insulter" }).ClickAsync();
        await Expect(reporter.Locator("#toasts")).ToContainTextAsync("operators will review");

        await using var operatorContext = await web.NewPersonAsync();
        var ops = await Pages.SignUpAsync(operatorContext, PlatformProcess.MuteOperatorUsername, "Max Operator");
        ops.Dialog += (_, dialog) => dialog.AcceptAsync("insults: muted for a day");
        await ops.GotoAsync("/operator.html");
        var report = ops.Locator("li.report", new() { HasText = "everyone here is a loser" });
        await report.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Mute 24 h") }).ClickAsync();
        await Expect(report).ToHaveCountAsync(0);
        await Expect(ops.Locator("#audit")).ToContainTextAsync("mute user");
        await Expect(ops.Locator("#audit")).ToContainTextAsync("insults: muted for a day");

        // Still signed in and in the room, the troll's next comment is refused with the mute's end; the others never see it.
        await troll.Locator("#comment").FillAsync("you cannot stop me");
        await troll.Locator("#comment").PressAsync("Enter");
        await Expect(troll.Locator("#comment-error")).ToContainTextAsync("muted this account until");
        await Expect(troll.Locator("#comments")).ToContainTextAsync("everyone here is a loser");
        await Expect(troll.Locator("#comment")).ToBeEditableAsync();
        await reporter.Locator("#comment").FillAsync("thanks, mods");
        await reporter.Locator("#comment").PressAsync("Enter");
        await Expect(reporter.Locator("#comments")).ToContainTextAsync("thanks, mods");
        await Expect(reporter.Locator("#comments")).Not.ToContainTextAsync("you cannot stop me");
    }
}
