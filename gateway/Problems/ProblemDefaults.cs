using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Stagecast.Gateway.Problems;

/// <summary>Every error the gateway sends is problem details with a <c>code</c>, including framework ones.</summary>
public static class ProblemDefaults
{
    public static IServiceCollection AddStagecastProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (!problem.Extensions.ContainsKey("code"))
            {
                var (code, detail) = Classify(context.HttpContext, problem.Status ?? 500);
                problem.Extensions["code"] = code;
                problem.Type = Problem.TypeBase + code.Replace('_', '-');
                problem.Detail ??= detail;
            }
            problem.Extensions["traceId"] = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id
                ?? context.HttpContext.TraceIdentifier;
        });

    private static (string Code, string? Detail) Classify(HttpContext http, int status)
    {
        return status switch
        {
            // Never the framework's message: it names .NET types and parameters ("Nullable<long> since ...").
            400 => ("malformed_request", "The request body or parameters could not be read."),
            401 => ("unauthenticated", "A valid bearer token is required."),
            403 => ("forbidden", "The caller may not do this."),
            404 => ("not_found", "No such resource."),
            405 => ("method_not_allowed", null),
            413 => ("payload_too_large", null),
            415 => ("unsupported_media_type", null),
            429 => ("rate_limited", "Too many requests; try again shortly."),
            503 => ("unavailable", null),
            _ => ("internal_error", "Something went wrong on our side; it has been logged."),
        };
    }

    /// <summary>Maps exceptions from grains and handlers to problem details (404/400/409/500).</summary>
    public sealed class ExceptionMapper(IProblemDetailsService problems, ILogger<ExceptionMapper> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            var (status, code) = exception switch
            {
                BadHttpRequestException b => (b.StatusCode, "malformed_request"),
                KeyNotFoundException => (404, "not_found"),
                ArgumentException => (400, "invalid_argument"),
                InvalidOperationException => (409, "invalid_state"),
                // A silo just died or is unreachable: the call may succeed when retried shortly.
                _ when HubFailureFilter.IsTransient(exception) => (503, "unavailable"),
                _ => (500, "internal_error"),
            };
            if (status >= 500)
            {
                logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            }
            http.Response.StatusCode = status;
            if (status == 503)
            {
                http.Response.Headers.RetryAfter = "1";
            }
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = status,
                Title = status >= 500 ? "Server error." : "The request could not be completed.",
                Detail = PublicDetail(code),
                Type = Problem.TypeBase + code.Replace('_', '-'),
            };
            problem.Extensions["code"] = code;
            if (status < 500)
            {
                logger.LogInformation(exception, "Refused {Method} {Path}: {Code}", http.Request.Method, http.Request.Path, code);
            }
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }

        /// <summary>A fixed text per code: exception messages carry internals (type names, paths, SQL) and never leave the node.</summary>
        private static string? PublicDetail(string code) => code switch
        {
            "malformed_request" => "The request body or parameters could not be read.",
            "not_found" => "No such resource.",
            "invalid_argument" => "A value in the request is not acceptable.",
            "invalid_state" => "The resource is not in a state that allows this.",
            "unavailable" => "The cluster is recovering from a node failure; retry in a moment.",
            _ => null,
        };
    }
}
