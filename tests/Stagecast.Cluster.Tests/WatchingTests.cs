using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// Watching a running gateway binary in Production: Prometheus (the Debian package) scrapes it with the job from
/// docs/operations.md and sees non-zero series; the secrets a session handles never reach the gateway's logs.
/// </summary>
public sealed class WatchingTests(ITestOutputHelper output) : IDisposable
{
    private const string OperatorToken = "operator-secret-5d1f";
    private readonly TempDirectory _data = new("stagecast-watch");
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }
        _data.Dispose();
    }

    [Fact]
    public async Task Prometheus_scrapes_the_gateway_with_the_operator_token_and_sees_non_zero_series()
    {
        var (_, http) = await StartGatewayAsync();
        await RegisterAsync(http, "prom-password-1");

        using var prom = StartPrometheus("stagecast-gateways", http.BaseAddress!.Authority);
        await EventuallyAsync(async () => await QueryAsync(prom, "up{job=\"stagecast-gateways\"}") == 1);
        await EventuallyAsync(async () => await QueryAsync(prom, "sum({__name__=~\"http_server_request_duration_seconds_count\"})") > 0);
        await EventuallyAsync(async () => await QueryAsync(prom, "count({__name__=~\"orleans_.+\"})") > 0);
        await EventuallyAsync(async () => await QueryAsync(prom, "count({__name__=~\"stagecast_.+\"})") > 0);
    }

    [Fact]
    public async Task Prometheus_scrapes_a_cluster_silo_and_only_operators_get_its_metrics_and_dashboard()
    {
        var (_, http) = await StartSiloAsync();

        await AssertOperatorsOnlyAsync(http, "/metrics", "orleans_");
        await AssertOperatorsOnlyAsync(http, "/dashboard/", "Orleans Dashboard");
        // The dashboard's data: this silo, active (its counters are collected every second or so).
        await EventuallyAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/DashboardCounters") { Headers = { { "X-Operator-Token", OperatorToken } } };
            var counters = await (await http.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            return counters.GetProperty("hosts").EnumerateArray().Any(h => h.GetProperty("status").GetString() == "Active");
        });

        using var prom = StartPrometheus("stagecast-silos", http.BaseAddress!.Authority);
        await EventuallyAsync(async () => await QueryAsync(prom, "up{job=\"stagecast-silos\"}") == 1);
        await EventuallyAsync(async () => await QueryAsync(prom, "count({__name__=~\"orleans_.+\"})") > 0);
        await EventuallyAsync(async () => await QueryAsync(prom, "sum(orleans_catalog_activations)") > 0);
        await EventuallyAsync(async () => await QueryAsync(prom, "sum(dotnet_process_cpu_time_seconds_total)") > 0);
    }

    [Fact]
    public async Task The_gateway_serves_the_Orleans_Dashboard_to_operators_only()
    {
        var (_, http) = await StartGatewayAsync();
        await AssertOperatorsOnlyAsync(http, "/dashboard/", "Orleans Dashboard");
        await EventuallyAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/DashboardCounters") { Headers = { Authorization = Basic("operator:" + OperatorToken) } };
            var counters = await (await http.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            return counters.GetProperty("hosts").EnumerateArray().Any(h => h.GetProperty("status").GetString() == "Active");
        });
    }

    /// <summary>
    /// Nobody, a wrong token, and a user's bearer token get 401 with a Basic challenge (the browser's log-in prompt);
    /// the operator token as a header, a bearer token or a Basic password gets the page.
    /// </summary>
    private static async Task AssertOperatorsOnlyAsync(HttpClient http, string path, string expected)
    {
        foreach (var refused in new[] { null, new AuthenticationHeaderValue("Bearer", OperatorToken + "x"), Basic("operator:wrong"), Basic(OperatorToken + ":") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = refused } };
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        foreach (var allowed in new[] { new AuthenticationHeaderValue("Bearer", OperatorToken), Basic("operator:" + OperatorToken) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = allowed } };
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        }
        using var header = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-Operator-Token", OperatorToken } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(header)).StatusCode);
    }

    private static AuthenticationHeaderValue Basic(string pair) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));

    /// <summary>Prometheus (the Debian package) scraping one target with the job from docs/operations.md.</summary>
    private HttpClient StartPrometheus(string job, string target)
    {
        var promPort = FreePort.Tcp();
        var promDir = new TempDirectory("stagecast-prometheus");
        _owned.Add(promDir);
        var config = Path.Combine(promDir.Path, "prometheus.yml");
        File.WriteAllText(config, $"""
            global: {"{"} scrape_interval: 1s {"}"}
            scrape_configs:
              - job_name: {job}
                metrics_path: /metrics
                authorization: {"{"} credentials: "{OperatorToken}" {"}"}
                static_configs:
                  - targets: ["{target}"]
            """);
        var prometheus = Process.Start(new ProcessStartInfo("/usr/bin/prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(promDir.Path, "data")}", $"--web.listen-address=127.0.0.1:{promPort}"])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        _owned.Add(new Killer(prometheus));
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{promPort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    [Fact]
    public async Task Traces_go_to_the_configured_OTLP_endpoint()
    {
        await using var collector = new OtlpCollector();
        var (_, http) = await StartGatewayAsync(new()
        {
            ["Stagecast__Tracing__OtlpEndpoint"] = collector.TracesUrl,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        });
        const string password = "trace-secret-pw-41a7";
        await RegisterAsync(http, password);

        // OTLP/HTTP protobuf carries attribute strings as UTF-8: the route of the request is in a span.
        await EventuallyAsync(() => Task.FromResult(collector.Saw("/api/auth/register")));
        Assert.False(collector.Saw(password));
    }

    [Fact]
    public async Task A_stand_alone_silo_sends_traces_to_the_same_OTLP_setting()
    {
        await using var collector = new OtlpCollector();
        var (_, http) = await StartSiloAsync(new()
        {
            ["Stagecast__Tracing__OtlpEndpoint"] = collector.TracesUrl,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        });
        using var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Operator-Token", OperatorToken } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(metrics)).StatusCode);

        // The silo's own service name and its request spans reach the collector.
        await EventuallyAsync(() => Task.FromResult(collector.Saw("stagecast-silo") && collector.Saw("/metrics")));
        Assert.False(collector.Saw(OperatorToken));
    }

    [Fact]
    public async Task Passwords_tokens_and_stream_keys_never_reach_the_logs()
    {
        var (gateway, http) = await StartGatewayAsync();
        const string password = "log-secret-pw-8c2e";
        var (username, token) = await RegisterAsync(http, password);
        var login = await http.PostAsJsonAsync("/api/auth/login", new { username, password });
        var refreshToken = (await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();
        (await http.PostAsJsonAsync("/api/auth/login", new { username, password = password + "-wrong" })).Dispose();

        using var api = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var room = await (await api.PostAsJsonAsync("/api/live", new { title = "secret keeping" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var roomId = room.GetProperty("roomId").GetString()!;
        var streamKey = room.GetProperty("streamKey").GetString()!;
        // A WHIP offer with the right key but a broken body, and one with a wrong key: both are logged paths.
        foreach (var key in new[] { streamKey, streamKey + "x" })
        {
            using var offer = new HttpRequestMessage(HttpMethod.Post, $"/api/live/{roomId}/whip") { Content = new StringContent("v=0 broken", Encoding.UTF8) };
            offer.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
            offer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            (await http.SendAsync(offer)).Dispose();
        }
        using var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Operator-Token", OperatorToken } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(metrics)).StatusCode);

        var logs = gateway.FullOutput;
        Assert.Contains("Registered", logs);
        foreach (var secret in new[] { password, token, refreshToken!, streamKey, OperatorToken })
        {
            Assert.DoesNotContain(secret, logs);
        }
    }

    private async Task<(PlatformProcess Silo, HttpClient Http)> StartSiloAsync(Dictionary<string, string>? extra = null)
    {
        var port = FreePort.Tcp();
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Stagecast__Mode"] = "Cluster",
            ["Stagecast__ClusterId"] = "watch-" + Guid.NewGuid().ToString("N")[..8],
            ["Stagecast__ServiceId"] = "stagecast-watch-test",
            ["Stagecast__RedisConnectionString"] = TestServices.Redis,
            ["Stagecast__StorageProvider"] = "Postgres",
            ["Stagecast__StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync("watch"),
            ["Stagecast__AdvertisedAddress"] = "127.0.0.1",
            ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__Economy__OperatorToken"] = OperatorToken,
            ["Urls"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (k, v) in extra ?? [])
        {
            environment[k] = v;
        }
        var silo = PlatformProcess.Start("silo", PlatformProcess.DllPath("silo", "Stagecast.Silo"), environment);
        _owned.Add(new Reporter(silo, output));
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await EventuallyAsync(async () =>
        {
            Assert.False(silo.HasExited, "the silo exited");
            return (await http.GetAsync("/health")).IsSuccessStatusCode;
        });
        _owned.Add(http);
        return (silo, http);
    }

    private async Task<(PlatformProcess Gateway, HttpClient Http)> StartGatewayAsync(Dictionary<string, string>? extra = null)
    {
        var port = FreePort.Tcp();
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Stagecast__Payments__Sandbox"] = "",
            ["Stagecast__Stripe__SecretKey"] = "sk_test_not_used",
            ["Stagecast__Stripe__WebhookSecret"] = "whsec_not_used",
            ["Stagecast__Economy__OperatorToken"] = OperatorToken,
            ["Stagecast__DataDirectory"] = _data.Path,
            ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString(),
            ["Ingest__UdpPort"] = FreePort.Udp().ToString(),
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Stagecast"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
            ["Urls"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (k, v) in extra ?? [])
        {
            environment[k] = v;
        }
        var gateway = PlatformProcess.Start("gateway", PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), environment);
        _owned.Add(new Reporter(gateway, output));
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        _owned.Add(http);
        await EventuallyAsync(async () =>
        {
            Assert.False(gateway.HasExited, "the gateway exited");
            return (await http.GetAsync("/health")).IsSuccessStatusCode;
        });
        return (gateway, http);
    }

    private static async Task<(string Username, string Token)> RegisterAsync(HttpClient http, string password)
    {
        var username = $"w{Guid.NewGuid():N}"[..20];
        var body = await (await http.PostAsJsonAsync("/api/auth/register", new { username, password })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        return (username, body.GetProperty("token").GetString()!);
    }

    /// <summary>The scalar value of an instant query, or 0 when it has no result.</summary>
    private static async Task<double> QueryAsync(HttpClient prom, string query)
    {
        var body = await prom.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(query)}");
        var result = body.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = e;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"Condition not met within 120 s. Last error: {last?.Message}");
    }

    private sealed class Killer(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            process.Dispose();
        }
    }

    private sealed class Reporter(PlatformProcess process, ITestOutputHelper output) : IDisposable
    {
        public void Dispose()
        {
            output.WriteLine($"--- {process.Name} ---\n{process.Output}");
            process.Dispose();
        }
    }
}
