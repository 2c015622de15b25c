using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Stagecast.Operations;

/// <summary>
/// Traces to an OTLP/HTTP collector, the same way for the gateway and the stand-alone silo (the silo compiles this file
/// too): off unless <see cref="EndpointKey"/> holds the full traces URL (docs/operations.md, "Traces and log scopes").
/// </summary>
public static class OtlpTracing
{
    /// <summary>The full OTLP/HTTP traces URL (for example http://collector:4318/v1/traces); empty: no traces.</summary>
    public const string EndpointKey = "Stagecast:Tracing:OtlpEndpoint";

    /// <summary>
    /// Orleans' activity sources: grain calls (client and server spans, with activity propagation on in both builders),
    /// grain activations and grain storage reads and writes.
    /// </summary>
    public static readonly string[] OrleansSources =
    [
        Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName,
        Orleans.Diagnostics.ActivitySources.RuntimeActivitySourceName,
        Orleans.Diagnostics.ActivitySources.LifecycleActivitySourceName,
        Orleans.Diagnostics.ActivitySources.StorageActivitySourceName,
    ];

    public static IOpenTelemetryBuilder AddOtlpTracesWhenConfigured(this IOpenTelemetryBuilder telemetry, IConfiguration configuration, params string[] sources)
    {
        if (Uri.TryCreate(configuration[EndpointKey], UriKind.Absolute, out var otlp))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(sources)
                .AddSource(OrleansSources)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = otlp;
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                }));
        }
        return telemetry;
    }
}
