using Stagecast.Gateway.Hosting;

// Bursts of blocked work (Redis, PostgreSQL pool waits during a failover) must not wait for the thread
// pool's slow injection: start with two threads per core (docs/operations.md, "Process settings").
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, 2 * Environment.ProcessorCount), Math.Max(io, 2 * Environment.ProcessorCount));

// Embedded (silo co-hosted, SQLite, http://localhost:5000) or a cluster gateway, as configuration says.
try
{
    var app = GatewayApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (StartupConfigurationException e)
{
    await Console.Error.WriteLineAsync($"Stagecast gateway cannot start: {e.Message}");
    return 2;
}

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
