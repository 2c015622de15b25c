using Stagecast.Gateway.Hosting;

namespace Stagecast.Gateway.Privacy;

/// <summary>Privacy (issue 14): the data export and account deletion.</summary>
public sealed class PrivacyModule : IGatewayModule
{
    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection(PrivacyOptions.Section).Get<PrivacyOptions>() ?? new PrivacyOptions());
        builder.Services.AddSingleton<SubscriptionCancellation>();
        builder.Services.AddSingleton<RecordingEraser>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordingEraser>());
    }

    public void MapEndpoints(WebApplication app)
    {
        app.MapDeletionEndpoints();
        app.MapExportEndpoints();
    }
}
