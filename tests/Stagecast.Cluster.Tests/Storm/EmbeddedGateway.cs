using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests.Storm;

/// <summary>The embedded gateway (its silo and SQLite ledger in-process) run as a child process on a data directory.</summary>
public sealed class EmbeddedGateway : IDisposable
{
    private EmbeddedGateway(PlatformProcess process, GatewayApi api)
    {
        Process = process;
        Api = api;
    }

    public PlatformProcess Process { get; }

    public GatewayApi Api { get; }

    /// <summary>Starts the built gateway on fresh loopback ports and waits until /health answers 200.</summary>
    public static async Task<EmbeddedGateway> StartAsync(string name, string dataDirectory)
    {
        var port = FreePort.Tcp();
        var process = PlatformProcess.Start(name, PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), new Dictionary<string, string>
        {
            ["Stagecast__Mode"] = "Embedded",
            ["Stagecast__DataDirectory"] = dataDirectory,
            ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__Rtmp__Port"] = "0",
            ["Stagecast__Auth__AttemptsPerMinute"] = "100000",
            ["Stagecast__Economy__OperatorToken"] = GatewayApi.OperatorToken,
            ["Stagecast__Economy__HoldWindow"] = "7.00:00:00",
            ["Urls"] = $"http://127.0.0.1:{port}",
        });
        var gateway = new EmbeddedGateway(process, new GatewayApi(new Uri($"http://127.0.0.1:{port}")));
        try
        {
            await gateway.Api.WaitHealthyAsync(process, TimeSpan.FromSeconds(180));
            return gateway;
        }
        catch
        {
            gateway.Dispose();
            throw;
        }
    }

    public void Dispose() => Process.Dispose();
}
