using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class AccountPagesTests(WebFixture web)
{
    [Fact]
    public async Task SignUpLogOutAndLogInShowTheSessionInTheHeader()
    {
        await using var context = await web.NewPersonAsync();
        var username = Pages.NewUsername("ann");
        var page = await Pages.SignUpAsync(context, username, "Ann Example");
        await Expect(page.Locator("header.site .coins")).ToBeVisibleAsync();
        await Pages.ScreenshotAsync(page, "home-signed-in");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page.Locator("header.site").GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(page.Locator("header.site .coins")).ToHaveCountAsync(0);

        await page.GotoAsync("/login.html");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.Locator("#auth-error")).ToHaveTextAsync("The username or password is wrong.");
        await Pages.ScreenshotAsync(page, "login-error");

        await page.Locator("#password").FillAsync(Pages.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.Locator("header.site #me")).ToHaveTextAsync("Ann Example");
        Assert.EndsWith("/", page.Url);
    }

    [Fact]
    public async Task ATakenUsernameGetsTheServersExplanation()
    {
        await using var context = await web.NewPersonAsync();
        var username = Pages.NewUsername("bob");
        await Pages.SignUpAsync(context, username);

        await using var other = await web.NewPersonAsync();
        var page = await other.NewPageAsync();
        await page.GotoAsync("/login.html?mode=signup");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(Pages.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.Locator("#auth-error")).ToContainTextAsync("already taken");
        Assert.Contains("/login.html", page.Url);
    }

    [Fact]
    public async Task SignUpWorksWithTheKeyboardAlone()
    {
        await using var context = await web.NewPersonAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login.html?mode=signup");
        var username = Pages.NewUsername("kay");
        await page.Locator("#username").FocusAsync();
        await page.Keyboard.TypeAsync(username);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Kay");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Pages.Password);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("header.site #me")).ToHaveTextAsync("Kay");
    }

    [Fact]
    public async Task PagesThatNeedAnAccountSendVisitorsToLogInAndBack()
    {
        await using var context = await web.NewPersonAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/wallet.html");
        await page.WaitForURLAsync(url => url.Contains("/login.html?next=%2Fwallet.html"));
        await page.GetByRole(AriaRole.Tab, new() { Name = "Sign up" }).ClickAsync();
        await page.Locator("#username").FillAsync(Pages.NewUsername("vic"));
        await page.Locator("#password").FillAsync(Pages.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/wallet.html"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Wallet", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheAccountPageSetsAndValidatesTheProfileCountry()
    {
        await using var context = await web.NewPersonAsync();
        var page = await Pages.SignUpAsync(context, Pages.NewUsername("cat"));
        await page.GotoAsync("/account.html");
        var country = page.GetByLabel("Country code");
        await Expect(country).ToHaveValueAsync("");

        await country.FillAsync("zz");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save country" }).ClickAsync();
        await Expect(page.Locator("#country-status")).ToHaveTextAsync("That is not a country code (two letters, e.g. DE).");

        await country.FillAsync("br");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save country" }).ClickAsync();
        await Expect(page.Locator("#country-status")).ToHaveTextAsync("Saved: BR.");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Country code")).ToHaveValueAsync("BR");
    }
}
