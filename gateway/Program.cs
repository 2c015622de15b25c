using Stagecast.Gateway.Hosting;

// Embedded (silo co-hosted, SQLite, http://localhost:5000) or a cluster gateway, as configuration says.
var app = GatewayApp.Build(args);
await app.RunAsync();

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
