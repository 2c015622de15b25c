using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Stagecast.Gateway.Tests;

public sealed class OperationsEndpointTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Health_reports_the_silo_and_its_storage()
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("sqlite", body.GetProperty("storage").GetString());
        Assert.Equal(1, body.GetProperty("activeSilos").GetInt32());
    }

    [Fact]
    public async Task OpenAPI_document_describes_the_account_routes_and_bearer_auth()
    {
        using var client = fixture.Host.CreateClient();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString());
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/auth/register", "/api/auth/login", "/api/me", "/health",
            "/api/me/export", "/api/me/export/{exportId}", "/api/me/export/{exportId}/archive" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
        var deleteMe = paths.GetProperty("/api/me").GetProperty("delete");
        Assert.True(deleteMe.GetProperty("responses").TryGetProperty("409", out _), "DELETE /api/me documents its 409");
        Assert.True(deleteMe.TryGetProperty("requestBody", out _), "DELETE /api/me documents its password body");
        Assert.True(doc.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task The_browsable_API_reference_is_served()
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_api_routes_are_404_problem_details()
    {
        using var client = fixture.Host.CreateClient();
        await ProblemAssert.IsProblem(await client.GetAsync("/api/does-not-exist"), HttpStatusCode.NotFound, "not_found");
    }
}
