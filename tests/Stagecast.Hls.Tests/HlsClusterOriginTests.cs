using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Stagecast.Contracts.Media;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.Media.AccessUnits;
using Stagecast.TestInfrastructure;

namespace Stagecast.Hls.Tests;

/// <summary>
/// Two cluster gateways and no static origin setting: the one that packages a room records itself in the
/// room's origin grain, and the other finds it there and proxies its HLS (docs/hls.md, "Multiple gateways").
/// </summary>
public sealed class HlsClusterOriginTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("stagecast-hls-cluster");
    private readonly string _clusterId = "hls-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private IHost? _silo;
    private GatewayHost _origin = null!;
    private GatewayHost _edge = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestCluster.StartSiloAsync(_clusterId, _data.Path);
        _origin = await GatewayHost.StartAsync(Gateway("origin"));
        _edge = await GatewayHost.StartAsync(Gateway("edge"));
    }

    private Dictionary<string, string?> Gateway(string name) => TestCluster.Gateway(_clusterId, _data.Path, name, _signingKey);

    [Fact]
    public async Task A_room_packaged_on_one_gateway_is_served_by_another_found_through_the_origin_grain()
    {
        var roomId = "origin-" + Guid.NewGuid().ToString("N")[..8];
        var grains = _edge.Services.GetRequiredService<IGrainFactory>();
        using var client = _edge.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/hls/{roomId}/index.m3u8")).StatusCode);

        var sink = _origin.Services.GetRequiredService<ILiveOutputFactory>().Open(roomId);
        using var stop = new CancellationTokenSource();
        var feeding = Task.Run(() => Feeder.FeedLiveAsync(sink, TestMedia.Clip(640, 360, 12), stop.Token));

        // The origin is recorded as the packaging gateway's own address.
        await Eventually(async () => await grains.GetGrain<IHlsOriginGrain>(roomId).GetOrigin() == _origin.BaseAddress.ToString());

        string variant = "";
        await Eventually(async () =>
        {
            using var response = await client.GetAsync($"/hls/{roomId}/index.m3u8");
            variant = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK && variant.Contains("avc1.", StringComparison.Ordinal);
        });
        var mediaPath = $"/hls/{roomId}/" + variant.Split('\n').Single(l => l.EndsWith("live.m3u8", StringComparison.Ordinal));
        var playlist = await client.GetStringAsync(mediaPath);
        Assert.Contains("#EXT-X-PART:", playlist);
        var sessionPath = mediaPath[..mediaPath.LastIndexOf('/')];
        using var init = await client.GetAsync($"{sessionPath}/init1.mp4");
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        Assert.True((await init.Content.ReadAsByteArrayAsync()).Length > 100);

        await stop.CancelAsync();
        await feeding;
        sink.OnEnd();
        await Eventually(async () => await grains.GetGrain<IHlsOriginGrain>(roomId).GetOrigin() is null);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }
        if (_origin is not null)
        {
            await _origin.DisposeAsync();
        }
        await TestCluster.StopAsync(_silo);
        _data.Dispose();
    }
}
