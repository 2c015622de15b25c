using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stagecast.Gateway.Hosting;
using Stagecast.Contracts.Hosting;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Hls;

namespace Stagecast.Gateway.Media;

/// <summary>
/// Live HLS: one <see cref="HlsRoomStore"/> per gateway is both the packager registry the ingest feeds
/// (<see cref="ILiveOutputFactory"/>) and what GET /hls/{roomId}/... reads.
/// </summary>
public sealed class HlsModule : IGatewayModule
{
    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HlsOptions>().Bind(builder.Configuration.GetSection(HlsOptions.SectionName)).Configure<StagecastOptions>((hls, stagecast) =>
        {
            // Recordings live beside the rest of the node's data unless Hls:RecordingDirectory says otherwise.
            if (string.IsNullOrEmpty(builder.Configuration[$"{HlsOptions.SectionName}:{nameof(HlsOptions.RecordingDirectory)}"]))
            {
                hls.RecordingDirectory = Path.Combine(stagecast.DataDirectory, "recordings");
            }
        });
        builder.Services.AddSingleton(sp => new HlsRoomStore(sp.GetRequiredService<IOptions<HlsOptions>>().Value, sp.GetService<TimeProvider>(), sp.GetService<ILoggerFactory>()));

        // The packager replaces the WHIP module's drop-everything fallback whatever the module order, but not
        // a factory the host registered on purpose before the modules ran (tests do).
        foreach (var fallback in builder.Services.Where(d => d.ServiceType == typeof(ILiveOutputFactory) && d.ImplementationType == typeof(DiscardingOutputFactory)).ToArray())
        {
            builder.Services.Remove(fallback);
        }

        builder.Services.AddHostedService<RecordingRetentionService>();
        builder.Services.AddSingleton<HlsSelfAddress>();
        builder.Services.TryAddSingleton<ILiveOutputFactory, OriginPublishingOutputFactory>();
        builder.Services.AddSingleton<IHlsOriginLocator, GrainHlsOriginLocator>();

        // Longer than the origin's blocking cap, so a held playlist request is answered, not abandoned.
        builder.Services.AddHttpClient(HlsOriginProxy.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<HlsOriginProxy>();
    }

    public void MapEndpoints(WebApplication app) => app.MapHlsEndpoints();
}
