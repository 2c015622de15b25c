using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.AspNetCore.SignalR;
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
        if (options.SocketSendBufferBytes > 0)
        {
            // Accepted sockets inherit the listening socket's buffer size (and lose autotuning with it).
            builder.Services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = endpoint =>
            {
                var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                socket.SendBufferSize = options.SocketSendBufferBytes;
                return socket;
            });
        }
        if (options.StatsFile is { Length: > 0 } statsFile)
        {
            builder.Services.AddHostedService(_ => new RuntimeStatsFile(statsFile));
        }
        // SignalR's default manager for the live hub, which also finds connections for the batched fan-out.
        builder.Services.AddSingleton<LiveHubConnections>();
        builder.Services.AddSingleton<HubLifetimeManager<LiveHub>>(sp => sp.GetRequiredService<LiveHubConnections>());
        builder.Services.AddHostedService<HubSessionWatch>();
        builder.Services.AddSingleton<RoomFanout>();
        builder.Services.AddSingleton<RoomViewers>();
        builder.Services.AddSingleton<ViewerBlocks>();
        builder.Services.AddSingleton<LiveActivityNotes>();
        builder.Services.AddSingleton<RoomCommands>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RoomFanout>());
        // TryAdd: a host (or a test) that registered its own authority first keeps it.
        builder.Services.TryAddSingleton<IRoomMediaAuthority, RoomMediaAuthority>();
        // The WHIP module registers its WHEP sessions (counted as viewers); without it there are none.
        builder.Services.TryAddSingleton<IRoomMediaViewers, NoMediaViewers>();
    }

    public void MapEndpoints(WebApplication app)
    {
        app.MapLiveEndpoints();
        app.MapModerationEndpoints();
        var options = app.Services.GetRequiredService<RoomsOptions>();
        app.MapHub<LiveHub>("/hubs/live", o =>
        {
            if (options.ConnectionBufferBytes > 0)
            {
                o.TransportMaxBufferSize = options.ConnectionBufferBytes;
                o.ApplicationMaxBufferSize = options.ConnectionBufferBytes;
            }
        });
    }
}
