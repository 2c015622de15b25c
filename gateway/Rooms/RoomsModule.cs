using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Media;

namespace Stagecast.Gateway.Rooms;

/// <summary>Live rooms: HTTP API, the /hubs/live hub, per-gateway fan-out and the media authority.</summary>
public sealed class RoomsModule : IGatewayModule
{
    public void ConfigureServices(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RoomsOptions.Section).Get<RoomsOptions>() ?? new RoomsOptions();
        builder.Services.AddSingleton(options);
        if (options.InlineSocketScheduling)
        {
            builder.Services.Configure<SocketTransportOptions>(o => o.UnsafePreferInlineScheduling = true);
        }
        if (options.StatsFile is { Length: > 0 } statsFile)
        {
            builder.Services.AddHostedService(_ => new RuntimeStatsFile(statsFile));
        }
        builder.Services.AddSingleton<RoomFanout>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RoomFanout>());
        // TryAdd: a host (or a test) that registered its own authority first keeps it.
        builder.Services.TryAddSingleton<IRoomMediaAuthority, RoomMediaAuthority>();
    }

    public void MapEndpoints(WebApplication app)
    {
        app.MapLiveEndpoints();
        app.MapModerationEndpoints();
        app.MapHub<LiveHub>("/hubs/live");
    }
}
