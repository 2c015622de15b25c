using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Stagecast.Web.Tests.Infrastructure;

/// <summary>Reads what the server holds (wallets) with a page's own session, to check the pages' numbers.</summary>
public static class Api
{
    public static async Task<string> TokenAsync(IPage page) =>
        await page.EvaluateAsync<string>("() => localStorage.getItem('stagecast.token')");

    public static async Task<JsonElement> GetAsync(WebFixture web, IPage page, string path)
    {
        using var http = await ClientAsync(web, page);
        return await http.GetFromJsonAsync<JsonElement>(path);
    }

    public static async Task PostAsync(WebFixture web, IPage page, string path)
    {
        using var http = await ClientAsync(web, page);
        (await http.PostAsync(path, null)).EnsureSuccessStatusCode();
    }

    /// <summary>Sends a request without a body as the page's user and requires success (PUT, DELETE).</summary>
    public static async Task SendAsync(WebFixture web, IPage page, HttpMethod method, string path)
    {
        using var http = await ClientAsync(web, page);
        (await http.SendAsync(new HttpRequestMessage(method, path))).EnsureSuccessStatusCode();
    }

    public static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static async Task<HttpClient> ClientAsync(WebFixture web, IPage page)
    {
        var http = new HttpClient { BaseAddress = web.Platform.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(page));
        return http;
    }
}
