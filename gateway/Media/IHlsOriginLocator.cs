namespace Stagecast.Gateway.Media;

/// <summary>Finds the gateway that packages a room's live HLS (the one that ingests it), for gateways that do not.</summary>
public interface IHlsOriginLocator
{
    /// <summary>The origin gateway's internal base URL, or null when no other gateway is known to have the room.</summary>
    ValueTask<Uri?> FindOriginAsync(string roomId, CancellationToken ct);
}
