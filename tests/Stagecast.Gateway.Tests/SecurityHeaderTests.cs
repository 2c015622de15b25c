using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>Issue 14, browser hardening: headers on every response, CORS allow-list, problem details without internals.</summary>
public sealed class SecurityHeaderTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string[] Internals = ["Nullable", "Int64", "Int32", "System.", "Exception", "Stagecast.", "LoginRequest"];

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/api/live")]
    [InlineData("/api/me")]
    [InlineData("/api/no-such-route")]
    [InlineData("/health")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("'unsafe-inline' 'unsafe-eval'", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_a_400_that_names_no_dotnet_type()
    {
        var (_, token) = await fixture.Host.RegisterAsync();
        using var client = fixture.Host.CreateClient(token);
        var response = await client.GetAsync("/api/wallet/ledger?before=not-a-number");
        var json = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "malformed_request");
        var body = json.ToString();
        Assert.All(Internals, word => Assert.DoesNotContain(word, body));
    }

    [Fact]
    public async Task A_malformed_json_body_is_a_400_that_echoes_no_parser_message()
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.PostAsync("/api/auth/login", new StringContent("{\"username\": 12, \"password\": [", Encoding.UTF8, "application/json"));
        var json = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "malformed_request");
        var body = json.ToString();
        Assert.All(Internals, word => Assert.DoesNotContain(word, body));
        Assert.DoesNotContain("LineNumber", body);
    }

    [Fact]
    public async Task The_api_answers_no_foreign_origin_by_default_but_whip_and_hls_are_open()
    {
        using var client = fixture.Host.CreateClient();
        var api = await client.SendAsync(Preflight("/api/me", "https://evil.example", "GET"));
        Assert.False(api.Headers.Contains("Access-Control-Allow-Origin"));

        var whip = await client.SendAsync(Preflight("/api/live/some-room/whip", "https://studio.example", "POST"));
        Assert.Equal("*", whip.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var hls = await client.SendAsync(Preflight("/hls/some-room/index.m3u8", "https://player.example", "GET"));
        Assert.Equal("*", hls.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Configured_origins_may_call_the_api_and_no_others()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Cors:AllowedOrigins:0"] = "https://app.example",
        });
        using var client = host.CreateClient();
        var allowed = await client.SendAsync(Preflight("/api/me", "https://app.example", "GET"));
        Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var other = await client.SendAsync(Preflight("/api/me", "https://evil.example", "GET"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }
}
