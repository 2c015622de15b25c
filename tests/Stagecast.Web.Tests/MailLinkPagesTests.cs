using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>Issue 14: the links in the verification and reset mails work in a browser (mail read from the real SMTP sink).</summary>
[Collection(WebCollection.Name)]
public sealed partial class MailLinkPagesTests(WebFixture web)
{
    [GeneratedRegex(@"https?://\S+/(verify-email|reset-password)\.html\?token=[A-Za-z0-9._-]+")]
    private static partial Regex Link();

    private async Task<string> LinkInMailAsync(string to, int skip)
    {
        var raw = await web.Smtp.WaitForMailAsync(to, skip, TimeSpan.FromSeconds(30));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw));
        var body = (await MimeMessage.LoadAsync(stream)).TextBody ?? "";
        var link = Link().Match(body);
        Assert.True(link.Success, body);
        // The link names the platform the mail came from; the browser opens it as it is.
        Assert.StartsWith(web.BaseUrl, link.Value);
        return link.Value;
    }

    [Fact]
    public async Task A_user_verifies_their_email_and_resets_a_forgotten_password_from_the_mailed_links()
    {
        await using var context = await web.NewPersonAsync();
        var username = Pages.NewUsername("mail");
        var email = $"{username}@mail.example";
        var page = await Pages.SignUpAsync(context, username, "Mia Mail");

        await page.GotoAsync("/account.html");
        await page.Locator("#email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send verification link" }).ClickAsync();
        await Expect(page.Locator("#email-status")).ToContainTextAsync("Check your inbox");
        await Expect(page.Locator("#email-current")).ToContainTextAsync("not verified yet");

        await page.GotoAsync(await LinkInMailAsync(email, skip: 0));
        await Expect(page.Locator("#verify-status")).ToContainTextAsync("Your email address is verified");
        await page.GotoAsync("/account.html");
        await Expect(page.Locator("#email-current")).ToContainTextAsync($"{email}: verified");

        // Forgotten password: from the login page's link, by username, to the mailed reset page.
        await page.EvaluateAsync("() => localStorage.clear()");
        await page.GotoAsync("/login.html");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await page.Locator("#reset-username").FillAsync(username);
        await page.GetByRole(AriaRole.Button, new() { Name = "Mail me a reset link" }).ClickAsync();
        await Expect(page.Locator("#reset-status")).ToContainTextAsync("reset link is on its way");

        var reset = await LinkInMailAsync(email, skip: 1);
        await page.GotoAsync(reset);
        await page.Locator("#new-password").FillAsync("password1");
        await page.Locator("#new-password-again").FillAsync("password1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Expect(page.Locator("#reset-status")).ToContainTextAsync("10,000 most common");
        const string fresh = "a brand new passphrase";
        await page.Locator("#new-password").FillAsync(fresh);
        await page.Locator("#new-password-again").FillAsync(fresh);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Expect(page.Locator("#reset-status")).ToContainTextAsync("Your password is changed");

        // The link is spent; the new password signs in.
        await page.GotoAsync(reset);
        await page.Locator("#new-password").FillAsync("yet another passphrase");
        await page.Locator("#new-password-again").FillAsync("yet another passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Expect(page.Locator("#reset-status")).ToContainTextAsync("already used or has expired");
        await page.GotoAsync("/login.html");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(fresh);
        await page.Locator("#auth-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login.html"));
        await Expect(page.Locator("header.site #me")).ToHaveTextAsync("Mia Mail");
    }
}
