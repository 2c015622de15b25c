using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// README "Cluster mode" on a fresh PostgreSQL database: silos started at the same moment all create the schema
/// (grain state, reminders, ledger) at once. Every one of them must join, none may die on the race.
/// </summary>
public sealed class ColdStartTests(ITestOutputHelper output) : IDisposable
{
    private readonly List<PlatformProcess> _processes = [];

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            output.WriteLine($"--- {p.Name} (exited: {p.HasExited}) ---\n{p.Output}");
            p.Dispose();
        }
    }

    [Fact]
    public async Task Three_silos_and_a_gateway_started_at_once_on_an_empty_database_all_come_up()
    {
        var postgres = await TestServices.CreatePostgresDatabaseAsync("coldstart");
        var cluster = new Dictionary<string, string>
        {
            ["Stagecast__Mode"] = "Cluster",
            ["Stagecast__ClusterId"] = "cold-" + Guid.NewGuid().ToString("N")[..8],
            ["Stagecast__ServiceId"] = "stagecast-cold-start",
            ["Stagecast__RedisConnectionString"] = TestServices.Redis,
            ["Stagecast__StorageProvider"] = "Postgres",
            ["Stagecast__StorageConnectionString"] = postgres,
            ["Stagecast__AdvertisedAddress"] = "127.0.0.1",
            ["Stagecast__Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        var siloDll = PlatformProcess.DllPath("silo", "Stagecast.Silo");
        var silos = Enumerable.Range(0, 3).Select(i => new Dictionary<string, string>(cluster)
        {
            ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString(),
        }).ToList();
        var gatewayPort = FreePort.Tcp();
        var gateway = new Dictionary<string, string>(cluster) { ["Urls"] = $"http://127.0.0.1:{gatewayPort}" };

        // All four processes are launched back to back, before any has had time to create a table.
        for (var i = 0; i < silos.Count; i++)
        {
            _processes.Add(PlatformProcess.Start($"silo-{i}", siloDll, silos[i]));
        }
        _processes.Add(PlatformProcess.Start("gateway", PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), gateway));

        // Generous: four processes start and create the schema at once on a small, shared machine.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}"), Timeout = TimeSpan.FromSeconds(45) };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var active = 0;
        while (active < 3)
        {
            Assert.DoesNotContain(_processes, p => p.HasExited);
            deadline.Token.ThrowIfCancellationRequested();
            try
            {
                var response = await http.GetAsync("/health", deadline.Token);
                active = response.StatusCode == HttpStatusCode.OK
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("activeSilos").GetInt32()
                    : 0;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !deadline.IsCancellationRequested))
            {
                // Not listening yet, or too busy starting to answer in time: ask again.
            }
            await Task.Delay(250, deadline.Token);
        }

        // The schema is whole: an account can be created (grain state) and the ledger answers (wallet). A 503
        // (a silo too starved to answer a probe in time on a loaded machine) is the documented "retry" answer.
        var username = "cold" + Guid.NewGuid().ToString("N")[..8];
        var registered = await UntilNot503Async(() => http.PostAsJsonAsync("/api/auth/register", new { username, password = "cluster-password" }, deadline.Token), deadline.Token);
        Assert.True(registered.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"register: {registered.StatusCode}");
        var login = await UntilNot503Async(() => http.PostAsJsonAsync("/api/auth/login", new { username, password = "cluster-password" }, deadline.Token), deadline.Token);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("token").GetString();
        var wallet = await UntilNot503Async(() => http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/wallet") { Headers = { { "Authorization", "Bearer " + token } } }, deadline.Token), deadline.Token);
        Assert.Equal(HttpStatusCode.OK, wallet.StatusCode);
        Assert.DoesNotContain(_processes, p => p.HasExited);
        Assert.DoesNotContain(_processes, p => p.Output.Contains("23505", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> UntilNot503Async(Func<Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return response;
            }
            await Task.Delay(500, ct);
        }
    }
}
