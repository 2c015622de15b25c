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
        foreach (var path in new[] { "/", "/studio.html", "/wallet.html", "/creator.html", "/watch.html?room=no-such-room", "/login.html" })
        {
            var response = await page.GotoAsync(path);
            Assert.NotNull(response);
            var csp = await response.HeaderValueAsync("content-security-policy");
            Assert.Contains("script-src 'self'", csp);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var violations = await page.EvaluateAsync<string[]>("() => window.__csp");
            Assert.True(violations.Length == 0, $"{path}: {string.Join("; ", violations)}");
        }
        Assert.Empty(console);
    }
}
