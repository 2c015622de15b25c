using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Hosting;

namespace Stagecast.Gateway.Moderation;

/// <summary>Platform moderation: reports, the operators' queue, suspensions and bans (issue 14).</summary>
public sealed class ModerationModule : IGatewayModule
{
    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OperatorAccess>();
        builder.Services.AddSingleton<ReportTargets>();
        builder.Services.AddSingleton<ModerationActions>();
        var perHour = builder.Configuration.GetValue("Stagecast:Moderation:ReportsPerHour", 20);
        builder.Services.Configure<RateLimiterOptions>(o => o.AddPolicy(ReportEndpoints.RateLimitPolicy, http =>
            RateLimitPartition.GetFixedWindowLimiter(
                http.User.UserId() ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 })));
    }

    public void MapEndpoints(WebApplication app)
    {
        app.MapReportEndpoints();
        app.MapOperatorEndpoints();
    }
}
