using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Stagecast.Gateway.Hosting;

/// <summary>
/// CORS: the API answers only the origins in "Stagecast:Cors:AllowedOrigins" (none by default: the web app is same-origin);
/// WHIP, WHEP and HLS stay open to any origin, as OBS-style studios and players on other sites need them.
/// </summary>
public static class CorsPolicies
{
    public const string Open = "open";

    public static IServiceCollection AddStagecastCors(this IServiceCollection services, IConfiguration configuration)
    {
        var allowed = configuration.GetSection("Stagecast:Cors:AllowedOrigins").Get<string[]>() ?? [];
        return services.AddCors(o =>
        {
            o.AddDefaultPolicy(p => Api(p, allowed));
            o.AddPolicy(Open, p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location", "Link", "ETag", "Accept-Patch"));
        });
    }

    /// <summary>Chooses the policy by path: /hls and the WHIP routes are open, everything else is the allow-list.</summary>
    public static IApplicationBuilder UseStagecastCors(this IApplicationBuilder app) => app
        .UseWhen(IsOpen, open => open.UseCors(Open))
        .UseWhen(http => !IsOpen(http), api => api.UseCors());

    private static bool IsOpen(HttpContext http) => http.Request.Path.StartsWithSegments("/hls") || IsMedia(http.Request.Path);

    private static bool IsMedia(PathString path) =>
        path.StartsWithSegments("/api/live") && (path.Value!.Contains("/whip", StringComparison.Ordinal) || path.Value.Contains("/whep", StringComparison.Ordinal));

    private static void Api(CorsPolicyBuilder policy, string[] allowed)
    {
        if (allowed.Length == 0)
        {
            return; // same-origin only: no Access-Control-Allow-Origin is ever sent
        }
        policy.WithOrigins(allowed).AllowAnyHeader().AllowAnyMethod().AllowCredentials().WithExposedHeaders("Location", "Link", "ETag");
    }
}
