using Stagecast.Contracts.Media;

namespace Stagecast.Gateway.Media;

/// <summary>
/// Finds a room's packaging gateway through <see cref="IHlsOriginGrain"/>; <c>Hls:OriginUrl</c>, when set,
/// still names one origin for every room (a dedicated-ingest deployment). Never answers with this gateway itself.
/// </summary>
public sealed class GrainHlsOriginLocator(IGrainFactory grains, IConfiguration configuration, HlsSelfAddress self) : IHlsOriginLocator
{
    private readonly Uri? _configured = Uri.TryCreate(configuration["Hls:OriginUrl"], UriKind.Absolute, out var uri) ? uri : null;

    public async ValueTask<Uri?> FindOriginAsync(string roomId, CancellationToken ct)
    {
        if (_configured is not null)
        {
            return _configured;
        }
        var origin = await grains.GetGrain<IHlsOriginGrain>(roomId).GetOrigin().WaitAsync(ct);
        return origin is null || string.Equals(origin, self.Value, StringComparison.OrdinalIgnoreCase)
            ? null
            : new Uri(origin);
    }
}
