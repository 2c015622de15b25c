using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Stagecast.Grains.Hosting;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// A real cluster for video tests: one silo (Redis membership, PostgreSQL storage), two cluster gateways A and B with
/// separate data directories, and the S3-compatible store (s3rver) they all share.
/// </summary>
public sealed class VideoCluster : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<IDisposable> _directories = [];
    private IHost? _silo;

    private VideoCluster(S3Server s3) => S3 = s3;

    public S3Server S3 { get; }
    public GatewayHost A { get; private set; } = null!;
    public GatewayHost B { get; private set; } = null!;
    public TempDirectory DataA { get; private set; } = null!;
    public TempDirectory DataB { get; private set; } = null!;

    /// <param name="name">Prefix of the cluster id, database and directories.</param>
    /// <param name="settings">Extra settings for the silo and both gateways.</param>
    public static async Task<VideoCluster> StartAsync(string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var cluster = new VideoCluster(await S3Server.StartAsync());
        try
        {
            await cluster.StartHostsAsync(name, settings ?? new Dictionary<string, string?>());
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartHostsAsync(string name, IReadOnlyDictionary<string, string?> settings)
    {
        var common = new Dictionary<string, string?>(S3.GatewaySettings)
        {
            ["Stagecast:Mode"] = "Cluster",
            ["Stagecast:ClusterId"] = name + "-" + Guid.NewGuid().ToString("N")[..8],
            ["Stagecast:RedisConnectionString"] = TestServices.Redis,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            common[key] = value;
        }
        var siloData = Directory(name + "-silo");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(common)
        {
            ["Stagecast:DataDirectory"] = siloData.Path,
            ["Stagecast:StorageProvider"] = "Postgres",
            ["Stagecast:StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync(name),
            ["Stagecast:SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:GatewayPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:AdvertisedAddress"] = "127.0.0.1",
        });
        builder.UseOrleans(silo => silo.AddStagecastSilo(builder.Configuration));
        builder.Services.AddStagecastLedger();
        _silo = builder.Build();
        await _silo.StartAsync();

        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        DataA = Directory(name + "-a");
        DataB = Directory(name + "-b");
        A = await GatewayHost.StartAsync(Gateway(common, DataA, signingKey));
        _owned.Add(A);
        B = await GatewayHost.StartAsync(Gateway(common, DataB, signingKey));
        _owned.Add(B);
    }

    private TempDirectory Directory(string name)
    {
        var directory = new TempDirectory("stagecast-" + name);
        _directories.Add(directory);
        return directory;
    }

    private static Dictionary<string, string?> Gateway(Dictionary<string, string?> common, TempDirectory data, string signingKey) =>
        new(common)
        {
            ["Stagecast:DataDirectory"] = data.Path,
            ["Stagecast:Jwt:SigningKey"] = signingKey,
            ["Stagecast:Auth:AttemptsPerMinute"] = "1000",
        };

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
        if (_silo is not null)
        {
            await _silo.StopAsync(TimeSpan.FromSeconds(10));
            _silo.Dispose();
        }
        await S3.DisposeAsync();
        foreach (var directory in _directories)
        {
            directory.Dispose();
        }
    }
}
