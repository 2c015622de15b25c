using Stagecast.Contracts.Health;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Health;

public sealed record HealthResponse(string Status, string Silo, string Storage, DateTimeOffset At, int ActiveSilos);

/// <summary>GET /health: 200 when a silo answers through the cluster and reaches its storage.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Check).WithTags("Operations").WithSummary("Cluster joined and storage reachable.")
            .Produces<HealthResponse>().ProducesProblem(503).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> Check(IGrainFactory grains, ILogger<HealthResponse> logger, CancellationToken ct)
    {
        try
        {
            var report = await grains.GetGrain<IHealthGrain>(0).Check().WaitAsync(TimeSpan.FromSeconds(5), ct);
            return Results.Ok(new HealthResponse("ok", report.Silo, report.Storage, report.At, report.ActiveSilos));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Health check failed");
            return Problem.Of(StatusCodes.Status503ServiceUnavailable, "unhealthy", "Not ready.", "The cluster or its storage cannot be reached; see the node's log.");
        }
    }
}
