using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Hosting;

/// <summary>Every 429 from a rate-limit policy: problem details with code rate_limited and Retry-After (RFC 9110 §10.2.3).</summary>
public static class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext context, CancellationToken ct)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problem.Of(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests.",
                $"Too many requests: try again in {seconds} s.", new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds })
            .ExecuteAsync(http);
    }
}
