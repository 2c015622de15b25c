using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Hosting;
using Stagecast.Media.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>Short videos: upload, storage, status pushes, HLS serving and engagement ("Videos" section).</summary>
public sealed class VideosModule : IGatewayModule
{
    public void ConfigureServices(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(VideoOptions.Section).Get<VideoOptions>() ?? new VideoOptions();
        var data = builder.Configuration["Stagecast:DataDirectory"] ?? "./data";
        builder.Services.AddVideoMedia(options, data);
        builder.Services.AddSingleton(sp => new UploadStaging(options, Path.Combine(options.RootFor(data), "staging"), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<TusStore>();
        builder.Services.AddSingleton(UploadQuotaOptions.From(builder.Configuration, options));
        builder.Services.AddSingleton<UploadQuota>();
        builder.Services.AddSingleton<VideoIntake>();
        builder.Services.AddSingleton<VideoStatusWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VideoStatusWatcher>());
        builder.Services.AddSingleton(builder.Configuration.GetSection(ReplayOptions.Section).Get<ReplayOptions>() ?? new ReplayOptions());
        builder.Services.AddSingleton<ReplayPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplayPublisher>());
        builder.Services.AddSingleton<VideoCountsPush>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VideoCountsPush>());
        builder.Services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        var perMinute = builder.Configuration.GetValue("Videos:EventsPerMinute", 240);
        builder.Services.Configure<RateLimiterOptions>(o => o.AddPolicy(EngagementEndpoints.RateLimitPolicy, http =>
            RateLimitPartition.GetFixedWindowLimiter(
                http.User.UserId() ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
    }

    public void MapEndpoints(WebApplication app)
    {
        app.MapVideoEndpoints();
        app.MapTusEndpoints();
        app.MapEngagementEndpoints();
        app.MapVideoMediaEndpoints();
    }
}
