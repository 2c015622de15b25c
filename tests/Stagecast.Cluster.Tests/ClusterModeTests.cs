using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// Cluster mode with real processes: Redis membership, PostgreSQL state, three silo processes and a gateway
/// process. Two silos killed with SIGKILL one after the other (every grain that lived on them moves): registered
/// users get back in. The recovery time is reported, not asserted (docs/operations.md, "Failover", has the figures).
/// </summary>
public sealed class ClusterModeTests(ITestOutputHelper output) : IDisposable
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
    public async Task Users_log_in_again_after_two_of_three_silos_are_killed_one_after_the_other()
    {
        var postgres = await TestServices.CreatePostgresDatabaseAsync("cluster");
        var cluster = new Dictionary<string, string>
        {
            ["Stagecast__Mode"] = "Cluster",
            ["Stagecast__ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["Stagecast__ServiceId"] = "stagecast-cluster-test",
            ["Stagecast__RedisConnectionString"] = TestServices.Redis,
            ["Stagecast__StorageProvider"] = "Postgres",
            ["Stagecast__StorageConnectionString"] = postgres,
            ["Stagecast__AdvertisedAddress"] = "127.0.0.1",
            ["Stagecast__Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };
        var siloDll = PlatformProcess.DllPath("silo", "Stagecast.Silo");
        var gatewayDll = PlatformProcess.DllPath("gateway", "Stagecast.Gateway");

        var gatewayPorts = new Dictionary<string, int>();
        PlatformProcess StartSilo(string name)
        {
            gatewayPorts[name] = FreePort.Tcp();
            return Track(PlatformProcess.Start(name, siloDll, With(cluster, new()
            {
                ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
                ["Stagecast__GatewayPort"] = gatewayPorts[name].ToString(),
            })));
        }

        var siloA = StartSilo("silo-a");
        var siloB = StartSilo("silo-b");
        var siloC = StartSilo("silo-c");
        var gatewayPort = FreePort.Tcp();
        var gateway = Track(PlatformProcess.Start("gateway", gatewayDll, With(cluster, new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{gatewayPort}",
            ["Urls"] = $"http://127.0.0.1:{gatewayPort}",
            // All test traffic comes from one address; the per-address login limit is for the public.
            ["Stagecast__Auth__AttemptsPerMinute"] = "100000",
        })));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}"), Timeout = TimeSpan.FromSeconds(10) };

        await Eventually(TimeSpan.FromSeconds(180), async () => await ActiveSilos(http) == 3);
        var health = await http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("postgres", health.GetProperty("storage").GetString());
        // A cluster-mode gateway is an Orleans client only: the silo's implementation never enters its process.
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(gatewayDll)!, "Stagecast.Grains.dll")), "the embedded mode's grains dll is next to the gateway");
        Assert.DoesNotContain("Stagecast.Grains.dll", gateway.MappedFiles());
        Assert.Contains("Stagecast.Contracts.dll", gateway.MappedFiles());

        // The client opens a connection to a silo's gateway port only when it routes a message there: new grains
        // (a throwaway registration each round) are spread over the live gateways, so traffic reaches all three.
        await Eventually(TimeSpan.FromSeconds(120), async () =>
        {
            await http.PostAsJsonAsync("/api/auth/register", new { username = $"p{Guid.NewGuid():N}"[..20], password = "cluster-password" });
            return gatewayPorts.Values.All(HasEstablishedConnection);
        });

        var usernames = Enumerable.Range(0, 8).Select(i => $"c{i}_{Guid.NewGuid():N}"[..20]).ToArray();
        foreach (var name in usernames)
        {
            var registered = await http.PostAsJsonAsync("/api/auth/register", new { username = name, password = "cluster-password" });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        // Users' and usernames' grains are spread over the three silos: after two kills every grain that lived on
        // a or b has moved to c (reactivated from PostgreSQL), and the gateway lost two of its three silo gateways.
        foreach (var victim in new[] { siloA, siloB })
        {
            victim.KillHard();
            var clock = Stopwatch.StartNew();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed {victim.Name}");
            await AssertUsersRecover(http, usernames);
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} all {usernames.Length} users back {clock.Elapsed.TotalSeconds:0.0} s after killing {victim.Name}");
        }
        Assert.False(siloC.HasExited);
    }

    private static async Task<int> ActiveSilos(HttpClient http)
    {
        var response = await http.GetAsync("/health");
        return response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeSilos").GetInt32()
            : 0;
    }

    private async Task AssertUsersRecover(HttpClient http, string[] usernames)
    {
        // Every user must get back in; they are polled side by side. The deadline only stops a hung run.
        var deadline = TimeSpan.FromSeconds(120);
        await Task.WhenAll(usernames.Select(name => Eventually(deadline, async () =>
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var login = await http.PostAsJsonAsync("/api/auth/login", new { username = name, password = "cluster-password" }, attempt.Token);
            if (login.StatusCode != HttpStatusCode.OK)
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {name} login {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
                return false;
            }
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>(attempt.Token)).GetProperty("token").GetString();
            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            me.Headers.Authorization = new("Bearer", token);
            var profile = await http.SendAsync(me, attempt.Token);
            var ok = profile.StatusCode == HttpStatusCode.OK
                && (await profile.Content.ReadFromJsonAsync<JsonElement>(attempt.Token)).GetProperty("username").GetString() == name;
            if (!ok)
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {name} me {(int)profile.StatusCode} {await profile.Content.ReadAsStringAsync()}");
            }
            if (ok)
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {name} is back");
            }
            return ok;
        })));
    }

    /// <summary>Whether a TCP connection to this local listening port is established (Linux /proc/net/tcp, tcp6).</summary>
    private static bool HasEstablishedConnection(int localPort) =>
        new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(f => f.Length > 3 && f[3] == "01" && f[1].Contains(':', StringComparison.Ordinal)
                && int.Parse(f[1][(f[1].LastIndexOf(':') + 1)..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) == localPort);

    private static async Task Eventually(TimeSpan limit, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < limit)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                last = e;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"Condition not met within {limit.TotalSeconds:0} s. Last error: {last?.Message}");
    }

    private PlatformProcess Track(PlatformProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static Dictionary<string, string> With(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Concat(b).ToDictionary(kv => kv.Key, kv => kv.Value);
}
