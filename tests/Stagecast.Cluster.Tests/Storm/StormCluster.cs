using System.Security.Cryptography;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Cluster.Tests.Storm;

/// <summary>Cluster mode as separate processes (silos and one gateway) on a given Redis and PostgreSQL database.</summary>
public sealed class StormCluster(ITestOutputHelper output, string redis, string database) : IDisposable
{
    private readonly List<PlatformProcess> _processes = [];
    private readonly Dictionary<string, string> _settings = new()
    {
        ["Stagecast__Mode"] = "Cluster",
        ["Stagecast__ClusterId"] = "storm-" + Guid.NewGuid().ToString("N")[..8],
        ["Stagecast__ServiceId"] = "stagecast-storm-test",
        ["Stagecast__RedisConnectionString"] = redis,
        ["Stagecast__StorageProvider"] = "Postgres",
        ["Stagecast__StorageConnectionString"] = database,
        ["Stagecast__AdvertisedAddress"] = "127.0.0.1",
        ["Stagecast__Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Stagecast__Economy__OperatorToken"] = GatewayApi.OperatorToken,
        ["Stagecast__Economy__HoldWindow"] = "7.00:00:00",
        ["Stagecast__Auth__AttemptsPerMinute"] = "100000",
        ["Stagecast__Rtmp__Port"] = "0",
    };

    public PlatformProcess StartSilo(string name) => Track(PlatformProcess.Start(name, PlatformProcess.DllPath("silo", "Stagecast.Silo"), With(new()
    {
        ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
        ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString(),
    })));

    /// <summary>Starts the gateway and waits until it reports <paramref name="activeSilos"/> healthy silos.</summary>
    public async Task<(PlatformProcess Process, GatewayApi Api)> StartGatewayAsync(int activeSilos = 1)
    {
        var port = FreePort.Tcp();
        var process = Track(PlatformProcess.Start("gateway", PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), With(new()
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
        })));
        var api = new GatewayApi(new Uri($"http://127.0.0.1:{port}"));
        await api.WaitHealthyAsync(process, TimeSpan.FromSeconds(180), activeSilos);
        return (process, api);
    }

    private PlatformProcess Track(PlatformProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private Dictionary<string, string> With(Dictionary<string, string> more)
    {
        var all = new Dictionary<string, string>(_settings);
        foreach (var (k, v) in more)
        {
            all[k] = v;
        }
        return all;
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            output.WriteLine($"--- {p.Name} (exited: {p.HasExited}) ---\n{p.Output}");
            p.Dispose();
        }
    }
}
