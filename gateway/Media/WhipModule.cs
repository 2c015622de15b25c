using Microsoft.Extensions.DependencyInjection.Extensions;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Rooms;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Whip;

namespace Stagecast.Gateway.Media;

/// <summary>
/// WHIP ingest (RFC 9725) at /api/live/{roomId}/whip. Configuration section "Ingest" (<see cref="IngestOptions"/>):
/// UdpPort, Addresses[].Bind / Advertise, SessionTimeout, PliInterval, MaxSessions, MaxRelayStreams, MaxRelayStreamsPerAddress, KeyCheckInterval (<see cref="PublisherWatch"/>). The UDP sockets open on the first offer.
/// </summary>
public sealed class WhipModule : IGatewayModule
{
    public const string Section = "Ingest";

    public void ConfigureServices(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(Section).Get<IngestOptions>() ?? new IngestOptions();
        builder.Services.AddSingleton(options);
        // The HLS packager registers the real factory; without one, media is received and dropped.
        builder.Services.TryAddSingleton<ILiveOutputFactory, DiscardingOutputFactory>();
        builder.Services.AddSingleton<WhipIngest>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WhipIngest>());
        builder.Services.AddSingleton<WhepViewers>();
        builder.Services.AddSingleton<IRoomMediaViewers>(sp => sp.GetRequiredService<WhepViewers>());
        var keyCheck = builder.Configuration.GetValue<TimeSpan?>($"{Section}:KeyCheckInterval") ?? TimeSpan.FromSeconds(2);
        builder.Services.AddSingleton(new PublisherWatchOptions(keyCheck));
        builder.Services.AddHostedService<PublisherWatch>();
        builder.Services.AddHttpClient(WhipSessionForwarder.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<WhipSessionForwarder>();
        builder.Services.AddHttpClient(WhepRelayClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<WhepRelayClient>();
        builder.Services.AddSingleton<RelayStreamLimits>();
    }

    public void MapEndpoints(WebApplication app)
    {
        app.MapWhipEndpoints();
        app.MapWhepEndpoints();
        app.MapWhepRelayEndpoints();
        app.MapStreamHealthEndpoints();
    }
}

/// <summary>Used only when no packager is registered: accepts media and drops it.</summary>
internal sealed class DiscardingOutputFactory(ILogger<DiscardingOutputFactory> logger) : ILiveOutputFactory
{
    public IAccessUnitSink Open(string roomId)
    {
        logger.LogWarning("No live output is registered: media of room {RoomId} is dropped", roomId);
        return new Sink();
    }

    private sealed class Sink : IAccessUnitSink
    {
        public void OnTrackConfig(TrackConfig config)
        {
        }

        public void OnAccessUnit(in AccessUnit unit)
        {
        }

        public void OnEnd()
        {
        }
    }
}
