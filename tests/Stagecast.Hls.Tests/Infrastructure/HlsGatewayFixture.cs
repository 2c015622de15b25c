using Microsoft.Extensions.DependencyInjection;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Hls;
using Stagecast.TestInfrastructure;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>One real embedded gateway (Kestrel on 127.0.0.1) for the HTTP and browser tests.</summary>
public sealed class HlsGatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory _recordings = new("stagecast-hls-rec");

    public GatewayHost Host { get; private set; } = null!;

    public string RecordingDirectory => _recordings.Path;

    public ILiveOutputFactory Outputs => Host.Services.GetRequiredService<ILiveOutputFactory>();

    public HlsRoomStore Store => Host.Services.GetRequiredService<HlsRoomStore>();

    public async Task InitializeAsync()
    {
        Host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Hls:RecordingDirectory"] = _recordings.Path,
            ["Hls:EndedSessionRetentionSeconds"] = "600",

            // The retention job sweeps every second; only recordings older than 30 days go (RetentionTests).
            ["Hls:RecordingRetentionDays"] = "30",
            ["Hls:RetentionSweepSeconds"] = "1",

            // WHIP ingest on loopback for the Chromium publisher (FullStackTests).
            ["Ingest:UdpPort"] = "0",
            ["Ingest:Addresses:0:Bind"] = "127.0.0.1",
            ["Ingest:SessionTimeout"] = "00:00:05",

            // RTMP on loopback for ffmpeg publishers (GlassToGlassTests' RTMP case).
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _recordings.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<HlsGatewayFixture>
{
    public const string Name = "hls-gateway";
}
