using Microsoft.AspNetCore.SignalR;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Stagecast.Gateway.Hosting;
using Stagecast.Operations;

namespace Stagecast.Gateway.Operations;

/// <summary>
/// Metrics for operators: OpenTelemetry with our meters, Orleans', ASP.NET Core's and SignalR's, scraped by
/// Prometheus at /metrics, and the Orleans Dashboard at /dashboard. Outside Development both need the operator
/// token (<see cref="OperatorGate"/>).
/// </summary>
public sealed class OperationsModule : IGatewayModule
{
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/dashboard";

    /// <summary>False turns the Orleans Dashboard off (its grain-call profiler costs a little on every call).</summary>
    public const string DashboardKey = "Stagecast:Dashboard:Enabled";

    /// <summary>The full OTLP/HTTP traces URL (for example http://collector:4318/v1/traces); empty: no traces.</summary>
    public const string TracesEndpointKey = OtlpTracing.EndpointKey;

    /// <summary>Meters exported besides ASP.NET Core's own instrumentation.</summary>
    private static readonly string[] Meters =
    [
        LiveMetrics.MeterName,
        "Stagecast.Ledger",
        "Stagecast.Rooms",
        Stagecast.Media.Hls.HlsMetrics.MeterName,
        Stagecast.Media.Videos.VideoMetrics.MeterName,
        "System.Runtime",
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.SignalR",
    ];

    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveMetrics>();
        builder.Services.AddSingleton<HubMetricsFilter>();
        builder.Services.AddSingleton<Problems.HubFailureFilter>();
        builder.Services.AddSignalR(o =>
        {
            o.AddFilter<Problems.HubFailureFilter>();
            o.AddFilter<HubMetricsFilter>();
        });
        // Traces are off unless an OTLP/HTTP endpoint is configured (docs/operations.md, "Traces").
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("stagecast-gateway"))
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter())
            .AddOtlpTracesWhenConfigured(builder.Configuration, GatewayTracing.SourceName, "Stagecast.Ledger");
    }

    public void MapEndpoints(WebApplication app)
    {
        // The gauges observe live objects: create them now, not on the first gift or comment.
        app.Services.GetRequiredService<LiveMetrics>();
        app.UseOperatorGate(app.Configuration, app.Environment.IsDevelopment(), MetricsPath, DashboardPath);
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        if (app.Configuration.GetValue(DashboardKey, true))
        {
            app.MapOrleansDashboard(DashboardPath).AllowAnonymous();
        }
    }
}
