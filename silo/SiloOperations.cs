using Orleans.Dashboard;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Stagecast.Grains.Hosting;
using Stagecast.Grains.Operations;
using Stagecast.Operations;

namespace Stagecast.Silo;

/// <summary>
/// The silo's HTTP side, for operators: Prometheus' text format at /metrics (Orleans' meter, the ledger's, .NET's),
/// the Orleans Dashboard at /dashboard, an open /health, and traces to OTLP when configured (<see cref="OtlpTracing"/>). Outside Development /metrics and /dashboard need the
/// operator token (<see cref="OperatorGate"/>). It listens where <c>urls</c> (ASPNETCORE_URLS, --urls) says; without
/// one, on a free loopback port, so that several silos on one machine never collide on a default port.
/// </summary>
public static class SiloOperations
{
    private static readonly string[] Meters = [LedgerMetrics.MeterName, Stagecast.Media.Videos.VideoMetrics.MeterName, "Microsoft.Orleans", "System.Runtime"];

    public static void ConfigureServices(WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("stagecast-silo"))
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter())
            // The same OTLP setting as the gateway's: the ledger's commits (it runs on silos in a cluster) and requests.
            .AddOtlpTracesWhenConfigured(builder.Configuration, "Stagecast.Ledger");
    }

    public static void Map(WebApplication app)
    {
        app.UseOperatorGate(app.Configuration, app.Environment.IsDevelopment(), "/metrics", "/dashboard");
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (app.Configuration.GetValue(StagecastSiloExtensions.DashboardKey, true))
        {
            app.MapOrleansDashboard("/dashboard");
        }
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("Operator endpoints (/metrics, /dashboard, /health) on {Urls}", string.Join(", ", app.Urls)));
    }
}
