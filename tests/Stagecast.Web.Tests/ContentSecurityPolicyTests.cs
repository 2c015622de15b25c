using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;

namespace Stagecast.Web.Tests;

/// <summary>Issue 14: every page of the web app runs under the gateway's Content-Security-Policy without one violation.</summary>
[Collection(WebCollection.Name)]
public sealed class ContentSecurityPolicyTests(WebFixture web)
{
    [Fact]
    public async Task EveryPageLoadsUnderTheCspWithNoViolation()
    {
        await using var context = await web.NewPersonAsync();
        // Record violations from the first script on: securitypolicyviolation events and the console's CSP reports.
        await context.AddInitScriptAsync(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = await Pages.SignUpAsync(context, Pages.NewUsername("csp"), "Cee");
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                console.Add(message.Text);
            }
        };
        foreach (var path in new[] { "/", "/studio.html", "/wallet.html", "/creator.html", "/watch.html?room=no-such-room", "/login.html",
            "/account.html", "/upload.html", "/subscriptions.html", "/operator.html", "/reset-password.html", "/verify-email.html" })
        {
            var response = await page.GotoAsync(path);
            Assert.NotNull(response);
            var csp = await response.HeaderValueAsync("content-security-policy");
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("style-src 'self';", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var violations = await page.EvaluateAsync<string[]>("() => window.__csp");
            Assert.True(violations.Length == 0, $"{path}: {string.Join("; ", violations)}");
        }
        Assert.Empty(console);
    }

    [Fact]
    public async Task PagesRenderWithTheirStylesFromCssOnly_AndScriptStylesGoThroughTheCssom()
    {
        await using var context = await web.NewPersonAsync();
        await context.AddInitScriptAsync(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = await Pages.SignUpAsync(context, Pages.NewUsername("cssom"), "Css");

        // What were style attributes are classes in app.css now, and still apply.
        await page.GotoAsync("/studio.html");
        Assert.Equal("0px", await page.EvalOnSelectorAsync<string>("#health-heading", "e => getComputedStyle(e).marginTop"));
        Assert.Equal("1", await page.EvalOnSelectorAsync<string>("label:has(#camera)", "e => getComputedStyle(e).flexGrow"));
        Assert.Equal(0, await page.Locator("[style]").CountAsync());
        await page.GotoAsync("/watch.html?room=no-such-room");
        Assert.Equal("space-between", await page.EvalOnSelectorAsync<string>("#gift-drawer > .row", "e => getComputedStyle(e).justifyContent"));

        // The app's element helper (gift pops, hearts, the match bar) sets styles through the CSSOM, which the CSP allows.
        var applied = await page.EvaluateAsync<string>(
            "async () => { const { el } = await import('/js/app.js'); const d = el('div', { style: 'margin-top:7px;--dx:3px' }); document.body.append(d); return getComputedStyle(d).marginTop + ' ' + d.style.getPropertyValue('--dx'); }");
        Assert.Equal("7px 3px", applied);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__csp"));
    }
}
