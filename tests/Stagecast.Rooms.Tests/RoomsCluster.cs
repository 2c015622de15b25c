using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Stagecast.Grains.Hosting;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;

namespace Stagecast.Rooms.Tests;

/// <summary>
/// One real cluster for the room tests: a silo (Redis membership, PostgreSQL storage) and two cluster-mode
/// gateways on Kestrel, both Orleans clients of it. Tests open their own rooms, so they share it safely.
/// </summary>
public sealed class RoomsCluster : IAsyncLifetime
{
    private IHost? _silo;

    public GatewayHost A { get; private set; } = null!;


    public GatewayHost B { get; private set; } = null!;

    public string ClusterId { get; } = "rooms-" + Guid.NewGuid().ToString("N")[..8];

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public IGrainFactory Grains => A.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        var storage = await TestServices.CreatePostgresDatabaseAsync("rooms");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stagecast:Mode"] = "Cluster",
            ["Stagecast:ClusterId"] = ClusterId,
            ["Stagecast:RedisConnectionString"] = TestServices.Redis,
            ["Stagecast:StorageProvider"] = "Postgres",
            ["Stagecast:StorageConnectionString"] = storage,
            ["Stagecast:SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:GatewayPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:AdvertisedAddress"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.UseOrleans(silo => silo.AddStagecastSilo(builder.Configuration));
        builder.Services.AddStagecastLedger();
        _silo = builder.Build();
        await _silo.StartAsync();
        A = await GatewayHost.StartAsync(GatewaySettings());
        B = await GatewayHost.StartAsync(GatewaySettings());
    }

    /// <summary>Settings for one more cluster gateway (in this process or another).</summary>
    public Dictionary<string, string?> GatewaySettings() => new()
    {
        ["Stagecast:Mode"] = "Cluster",
        ["Stagecast:ClusterId"] = ClusterId,
        ["Stagecast:RedisConnectionString"] = TestServices.Redis,
        ["Stagecast:DataDirectory"] = Path.GetTempPath(),
        ["Stagecast:Jwt:SigningKey"] = SigningKey,
        ["Stagecast:Auth:AttemptsPerMinute"] = "10000",
        ["Logging:LogLevel:Default"] = "Warning",
        // Three fan-out loops yielding after every connection, so even a two-viewer room's batch is written in
        // parallel, whatever the core count.
        ["Stagecast:Rooms:FanoutWorkers"] = "3",
        ["Stagecast:Rooms:FanoutChunk"] = "1",
    };

    /// <summary>Registers a user and opens a room it hosts on gateway A; the room is live unless asked otherwise.</summary>
    public async Task<(string RoomId, string HostId, string HostToken, string StreamKey)> OpenRoomAsync(bool start = true, string title = "Test room")
    {
        var room = await A.OpenRoomAsync(title, start);
        return (room.RoomId, room.HostId, room.HostToken, room.StreamKey);
    }

    public async Task DisposeAsync()
    {
        if (B is not null)
        {
            await B.DisposeAsync();
        }
        if (A is not null)
        {
            await A.DisposeAsync();
        }
        if (_silo is not null)
        {
            await _silo.StopAsync(TimeSpan.FromSeconds(10));
            _silo.Dispose();
        }
    }
}
