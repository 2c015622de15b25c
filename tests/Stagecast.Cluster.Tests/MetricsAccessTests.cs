using System.Net;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Cluster.Tests;

/// <summary>Outside Development, /metrics answers only to the operator token (the gateway binary, Production, real Stripe settings).</summary>
public sealed class MetricsAccessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Metrics_outside_Development_needs_the_operator_token()
    {
        using var data = new TempDirectory("stagecast-metrics");
        var port = FreePort.Tcp();
        using var gateway = PlatformProcess.Start("gateway", PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Stagecast__Payments__Sandbox"] = "",
            ["Stagecast__Stripe__SecretKey"] = "sk_test_not_used",
            ["Stagecast__Stripe__WebhookSecret"] = "whsec_not_used",
            ["Stagecast__Economy__OperatorToken"] = "operator-secret",
            ["Stagecast__DataDirectory"] = data.Path,
            ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString(),
            ["Ingest__UdpPort"] = FreePort.Udp().ToString(),
            ["Urls"] = $"http://127.0.0.1:{port}",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (true)
            {
                Assert.False(gateway.HasExited, "the gateway exited");
                try
                {
                    if ((await http.GetAsync("/health", deadline.Token)).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(250, deadline.Token);
            }

            var refused = await http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("invalid_operator_token", await refused.Content.ReadAsStringAsync());

            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Operator-Token", "guess" } } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);

            using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Operator-Token", "operator-secret" } } };
            var scraped = await http.SendAsync(right);
            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
            Assert.Contains("stagecast_hub_connections", await scraped.Content.ReadAsStringAsync());

            // What Prometheus' `authorization: { credentials: ... }` sends.
            using var bearer = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer operator-secret" } } };
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bearer)).StatusCode);
        }
        finally
        {
            output.WriteLine(gateway.Output);
        }
    }
}
