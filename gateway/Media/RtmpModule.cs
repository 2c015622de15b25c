using Stagecast.Gateway.Hosting;
using Stagecast.Media.Rtmp;

namespace Stagecast.Gateway.Media;

/// <summary>
/// RTMP ingest for OBS and hardware encoders: <c>rtmp://host:1935/live/{streamKey}</c>. Configuration section
/// "Stagecast:Rtmp" (<see cref="RtmpOptions"/>): Port (0 = off), BindAddress, MaxConnections, MaxConnectionsPerAddress, ReadTimeout.
/// </summary>
public sealed class RtmpModule : IGatewayModule
{
    public const string Section = "Stagecast:Rtmp";

    public void ConfigureServices(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(Section).Get<RtmpOptions>() ?? new RtmpOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RtmpIngest>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RtmpIngest>());
    }

    public void MapEndpoints(WebApplication app)
    {
    }
}
