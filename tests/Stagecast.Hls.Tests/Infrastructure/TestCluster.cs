using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Stagecast.Grains.Hosting;
using Stagecast.TestInfrastructure;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>One silo (Redis membership, SQLite storage) and the settings of cluster gateways joining it, for the
/// tests that need two gateways (HLS origin proxy, cross-gateway WHEP).</summary>
public static class TestCluster
{
    public static async Task<IHost> StartSiloAsync(string clusterId, string dataPath)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stagecast:Mode"] = "Cluster",
            ["Stagecast:ClusterId"] = clusterId,
            ["Stagecast:RedisConnectionString"] = TestServices.Redis,
            ["Stagecast:StorageProvider"] = "Sqlite",
            ["Stagecast:StorageConnectionString"] = Path.Combine(dataPath, "cluster.db"),
            ["Stagecast:SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:GatewayPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:AdvertisedAddress"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.UseOrleans(silo => silo.AddStagecastSilo(builder.Configuration));
        var silo = builder.Build();
        await silo.StartAsync();
        return silo;
    }

    /// <summary>A cluster gateway's settings: its own data directory under <paramref name="dataPath"/>, the shared signing key.</summary>
    public static Dictionary<string, string?> Gateway(string clusterId, string dataPath, string name, string signingKey) => new()
    {
        ["Stagecast:Mode"] = "Cluster",
        ["Stagecast:ClusterId"] = clusterId,
        ["Stagecast:RedisConnectionString"] = TestServices.Redis,
        ["Stagecast:DataDirectory"] = Path.Combine(dataPath, name),
        ["Stagecast:Jwt:SigningKey"] = signingKey,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task StopAsync(IHost? silo)
    {
        if (silo is null) return;
        await silo.StopAsync();
        silo.Dispose();
    }
}
