using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Stagecast.Cluster.Tests;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests.Workload;

/// <summary>
/// The embedded gateway (silo and SQLite ledger) as a child process on a data directory, and an Orleans client in
/// this process connected to its silo's gateway port: the workload calls grains across a real process boundary, so
/// <see cref="KillHard"/> (SIGKILL) takes the silo, its ledger writer and the database connections with it.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly IHost _client;
    private bool _clientGone;

    private GatewayProcess(PlatformProcess process, IHost client)
    {
        Process = process;
        _client = client;
    }

    public PlatformProcess Process { get; }

    public IGrainFactory Grains => _client.Services.GetRequiredService<IClusterClient>();

    public static async Task<GatewayProcess> StartAsync(string name, string dataDirectory, IDictionary<string, string> settings)
    {
        var (port, gatewayPort) = (FreePort.Tcp(), FreePort.Tcp());
        var (serviceId, clusterId) = ("stagecast-workload", "workload-" + Guid.NewGuid().ToString("N")[..8]);
        var environment = new Dictionary<string, string>(settings)
        {
            ["Stagecast__Mode"] = "Embedded",
            ["Stagecast__DataDirectory"] = dataDirectory,
            ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__GatewayPort"] = gatewayPort.ToString(),
            ["Stagecast__ServiceId"] = serviceId,
            ["Stagecast__ClusterId"] = clusterId,
            ["Stagecast__Rtmp__Port"] = "0",
            ["Stagecast__Payments__Sandbox"] = "",
            ["Urls"] = $"http://127.0.0.1:{port}",
        };
        var process = PlatformProcess.Start(name, PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), environment);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(180));
            while (!await HealthyAsync(http))
            {
                Assert.False(process.HasExited, $"{name} exited:\n{process.Output}");
                await Task.Delay(200, guard.Token);
            }
            var builder = Host.CreateApplicationBuilder();
            builder.UseOrleansClient(c => c.UseLocalhostClustering(gatewayPort, serviceId, clusterId)
                // The final verification reads the whole ledger: after a long run (10^6 operations) that takes minutes.
                .Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10)));
            var client = builder.Build();
            await client.StartAsync(guard.Token);
            return new GatewayProcess(process, client);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    private static async Task<bool> HealthyAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("/health")).IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL of the gateway process, then the client that talked to it is shut down.</summary>
    public async Task KillHardAsync()
    {
        Process.KillHard();
        Assert.True(Process.HasExited);
        await DisposeClientAsync();
    }

    private async Task DisposeClientAsync()
    {
        if (_clientGone)
        {
            return;
        }
        _clientGone = true;
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _client.StopAsync(quick.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or Orleans.Runtime.OrleansException)
        {
        }
        _client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Process.Dispose();
        await DisposeClientAsync();
    }
}
