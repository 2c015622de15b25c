namespace Stagecast.Media.Hls;

/// <summary>How a transport should answer an HLS request.</summary>
public enum HlsStatus
{
    Ok,
    NotFound,
    BadRequest,
}
