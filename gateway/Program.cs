using Stagecast.Gateway.Hosting;

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
