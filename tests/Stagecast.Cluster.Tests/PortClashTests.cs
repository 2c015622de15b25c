using System.Net;
using System.Net.Sockets;
using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// A second gateway started on one host with the first one's RTMP port (README "Cluster mode" before it named the
/// ports) keeps running without RTMP and says so in one line that names the setting to change, with no stack trace.
/// </summary>
public sealed class PortClashTests : IDisposable
{
    private readonly TempDirectory _data = new("stagecast-clash");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_gateway_whose_RTMP_port_is_taken_says_which_setting_to_change_in_one_line()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = FreePort.Tcp();
        using var gateway = PlatformProcess.Start("gateway", PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Stagecast__DataDirectory"] = _data.Path,
            ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString(),
            ["Ingest__UdpPort"] = FreePort.Udp().ToString(),
            ["Stagecast__Rtmp__BindAddress"] = "127.0.0.1",
            ["Stagecast__Rtmp__Port"] = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(),
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        await ClusterApi.EventuallyAsync(async () =>
        {
            Assert.False(gateway.HasExited, gateway.Output);
            return (await http.GetAsync("/health")).IsSuccessStatusCode && gateway.FullOutput.Contains("RTMP ingest could not listen");
        });

        var output = gateway.FullOutput;
        Assert.Contains("AddressAlreadyInUse", output);
        Assert.Contains("Stagecast:Rtmp:Port", output);
        Assert.DoesNotContain("at Stagecast.Gateway.Media.RtmpIngest", output);
        Assert.DoesNotContain("SocketException", output);
    }
}
