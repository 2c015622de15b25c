using System.Net;
using System.Text.Json;

namespace Stagecast.Gateway.Tests;

internal static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem response with the given status and code; returns its JSON.</summary>
    public static async Task<JsonElement> IsProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.StartsWith("https://stagecast.dev/problems/", json.GetProperty("type").GetString());
        return json;
    }
}
