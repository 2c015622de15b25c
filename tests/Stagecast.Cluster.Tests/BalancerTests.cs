using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;
using static Stagecast.Cluster.Tests.ClusterApi;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// The cluster as an operator runs it without Docker: Redis, PostgreSQL, two silo processes, two gateway processes and
/// nginx with deploy/nginx.conf in front. ffmpeg publishes over RTMP to one gateway, HLS plays from the other, a third
/// client gifts over SignalR through the balancer while a silo and a gateway are killed; every acknowledged gift is
/// in the sender's balance at the end.
/// </summary>
public sealed class BalancerTests(ITestOutputHelper output) : IDisposable
{
    private readonly List<PlatformProcess> _processes = [];
    private readonly List<IDisposable> _others = [];

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            output.WriteLine($"--- {p.Name} (exited: {p.HasExited}) ---\n{p.Output}");
            p.Dispose();
        }
        foreach (var o in _others)
        {
            o.Dispose();
        }
    }

    [Fact]
    public async Task Publish_to_one_gateway_play_from_the_other_gift_through_nginx_while_a_silo_and_a_gateway_die()
    {
        var cluster = await ClusterSettingsAsync("balancer");
        var siloDll = PlatformProcess.DllPath("silo", "Stagecast.Silo");
        var gatewayDll = PlatformProcess.DllPath("gateway", "Stagecast.Gateway");
        Track(PlatformProcess.Start("silo-1", siloDll, SiloSettings(cluster)));
        var silo2 = Track(PlatformProcess.Start("silo-2", siloDll, SiloSettings(cluster)));
        int[] ports = [FreePort.Tcp(), FreePort.Tcp()];
        var rtmpPort = FreePort.Tcp();
        var gateways = ports.Select((port, i) => Track(PlatformProcess.Start($"gateway-{i + 1}", gatewayDll, With(cluster, new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Hls__AdvertisedUrl"] = $"http://127.0.0.1:{port}/",
            ["Stagecast__Rtmp__Port"] = (i == 0 ? rtmpPort : FreePort.Tcp()).ToString(),
            ["Stagecast__Rtmp__BindAddress"] = "127.0.0.1",
            ["Stagecast__TrustedProxies"] = "127.0.0.1",
        })))).ToArray();
        var nginx = NginxProcess.Start(ports);
        _others.Add(nginx);
        using var gateway2 = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[1]}"), Timeout = TimeSpan.FromSeconds(30) };
        using var balancer = new HttpClient { BaseAddress = nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var port in ports)
        {
            using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await EventuallyAsync(async () => (await direct.GetAsync("/health")).StatusCode == HttpStatusCode.OK
                && (await direct.GetFromJsonAsync<JsonElement>("/health")).GetProperty("activeSilos").GetInt32() == 2);
        }

        // Everything below goes through the balancer except the encoder (RTMP is not HTTP) and the player (gateway 2).
        var host = await RegisterAsync(balancer, "h");
        var gifter = await RegisterAsync(balancer, "g");
        await FundAsync(nginx.BaseAddress, gifter.Token);
        using var hostApi = Authorized(nginx.BaseAddress, host.Token);
        var opened = await (await hostApi.PostAsJsonAsync("/api/live", new { title = "balanced" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var roomId = opened.GetProperty("roomId").GetString()!;
        var streamKey = opened.GetProperty("streamKey").GetString()!;

        using var ffmpeg = Process.Start(new ProcessStartInfo("/usr/bin/ffmpeg",
            $"-hide_banner -loglevel error -re -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 600 " +
            $"-c:v libx264 -preset ultrafast -tune zerolatency -g 25 -pix_fmt yuv420p -c:a aac -b:a 64k -f flv rtmp://127.0.0.1:{rtmpPort}/live/{streamKey}")
        { RedirectStandardError = true, UseShellExecute = false })!;
        try
        {
            // HLS from the gateway that does not ingest: it proxies the packaging gateway found through the room's origin grain.
            string? media = null;
            await EventuallyAsync(async () =>
            {
                var index = await gateway2.GetAsync($"/hls/{roomId}/index.m3u8");
                media = index.IsSuccessStatusCode ? (await index.Content.ReadAsStringAsync()).Split('\n').FirstOrDefault(l => l.EndsWith(".m3u8", StringComparison.Ordinal)) : null;
                return media is not null;
            });
            var playlistUri = new Uri(new Uri(gateway2.BaseAddress!, $"/hls/{roomId}/"), media);
            byte[]? segment = null;
            await EventuallyAsync(async () =>
            {
                var playlist = await gateway2.GetStringAsync(playlistUri);
                var name = playlist.Split('\n').LastOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
                segment = name is null ? null : await gateway2.GetByteArrayAsync(new Uri(playlistUri, name));
                return segment is { Length: > 0 };
            });
            output.WriteLine($"played {media} from gateway 2: a {segment!.Length}-byte segment");

            // Gifts over SignalR through nginx (WebSockets), each retried with its request id until acknowledged.
            var hub = new GiftingClient(nginx.BaseAddress, gifter.Token, roomId);
            _others.Add(hub);
            var acknowledged = new ConcurrentDictionary<string, long>();
            var balanceAfterLast = 0L;
            for (var i = 0; i < 24; i++)
            {
                if (i == 8)
                {
                    silo2.KillHard();
                    output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed silo-2");
                }
                if (i == 16)
                {
                    gateways[1].KillHard();
                    output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed gateway-2");
                }
                var requestId = $"lb-{i}";
                balanceAfterLast = await hub.SendUntilAcknowledgedAsync(requestId, Guard, output);
                acknowledged[requestId] = balanceAfterLast;
            }

            // Nothing acknowledged is lost: the balance (read through the balancer) is the start minus every gift.
            using var gifterApi = Authorized(nginx.BaseAddress, gifter.Token);
            long coins = 0;
            await EventuallyAsync(async () =>
            {
                var wallet = await gifterApi.GetFromJsonAsync<JsonElement>("/api/wallet");
                coins = wallet.GetProperty("coins").GetInt64();
                return true;
            });
            Assert.Equal(24, acknowledged.Count);
            Assert.Equal(700 - 24 * GiftingClient.GiftCoins, coins);
            Assert.Equal(coins, balanceAfterLast);
            Assert.False(ffmpeg.HasExited, "the publisher on gateway 1 kept going");
        }
        finally
        {
            if (!ffmpeg.HasExited)
            {
                ffmpeg.Kill();
            }
        }
    }

    private PlatformProcess Track(PlatformProcess process)
    {
        _processes.Add(process);
        return process;
    }
}
