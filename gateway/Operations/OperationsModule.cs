using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OpenTelemetry.Resources;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Operations;

/// <summary>
/// Metrics for operators: OpenTelemetry with our meters, Orleans', ASP.NET Core's and SignalR's, scraped by
/// Prometheus at /metrics. Outside Development the scrape needs the operator token (X-Operator-Token).
/// </summary>
public sealed class OperationsModule : IGatewayModule
{
    public const string MetricsPath = "/metrics";

    /// <summary>The full OTLP/HTTP traces URL (for example http://collector:4318/v1/traces); empty: no traces.</summary>
    public const string TracesEndpointKey = "Stagecast:Tracing:OtlpEndpoint";

    /// <summary>Meters exported besides ASP.NET Core's own instrumentation.</summary>
    private static readonly string[] Meters =
    [
        LiveMetrics.MeterName,
        "Stagecast.Ledger",
        "Stagecast.Rooms",
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
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("stagecast-gateway"))
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        // Traces are off unless an OTLP/HTTP endpoint is configured (docs/operations.md, "Traces").
        if (Uri.TryCreate(builder.Configuration[TracesEndpointKey], UriKind.Absolute, out var otlp))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(GatewayTracing.SourceName, "Stagecast.Ledger", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = otlp;
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                }));
        }
    }

    public void MapEndpoints(WebApplication app)
    {
        // The gauges observe live objects: create them now, not on the first gift or comment.
        app.Services.GetRequiredService<LiveMetrics>();
        var token = app.Configuration["Stagecast:Economy:OperatorToken"];
        var open = app.Environment.IsDevelopment();
        app.Use(async (context, next) =>
        {
            if (!open && context.Request.Path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase) && !Allowed(context.Request, token))
            {
                var refusal = string.IsNullOrEmpty(token)
                    ? Problem.NotFound("metrics_disabled", "Set Stagecast:Economy:OperatorToken to enable /metrics outside Development.")
                    : Problem.Unauthorized("invalid_operator_token", "The X-Operator-Token header is missing or wrong.");
                await refusal.ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
    }

    /// <summary>The operator token as X-Operator-Token, or as a bearer token (what Prometheus' `authorization` sends).</summary>
    private static bool Allowed(HttpRequest request, string? token)
    {
        if (OperatorToken.Matches(request, token))
        {
            return true;
        }
        var authorization = request.Headers.Authorization.ToString();
        return !string.IsNullOrEmpty(token)
            && authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..]), Encoding.UTF8.GetBytes(token));
    }
}
