namespace Stagecast.Gateway.Media;

/// <summary>Finds the gateway that packages a room's live HLS (the one that ingests it), for gateways that do not.</summary>
public interface IHlsOriginLocator
{
    /// <summary>The origin gateway's internal base URL, or null when no other gateway is known to have the room.</summary>
    ValueTask<Uri?> FindOriginAsync(string roomId, CancellationToken ct);
}

/// <summary>
/// The locator until the room grain records the ingesting gateway: <c>Hls:OriginUrl</c> names one ingest
/// gateway for every room (a dedicated-ingest deployment), or nothing (every gateway serves only itself).
/// </summary>
public sealed class ConfiguredHlsOriginLocator(IConfiguration configuration) : IHlsOriginLocator
{
    private readonly Uri? _origin = Uri.TryCreate(configuration["Hls:OriginUrl"], UriKind.Absolute, out var uri) ? uri : null;

    public ValueTask<Uri?> FindOriginAsync(string roomId, CancellationToken ct) => ValueTask.FromResult(_origin);
}
