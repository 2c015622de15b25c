namespace Stagecast.TestInfrastructure;

/// <summary>A room opened over the API by <see cref="GatewayHost.OpenRoomAsync"/>: its host and what POST /api/live returned.</summary>
public sealed record OpenedRoom(string HostId, string HostToken, string RoomId, string StreamKey, string WhipUrl, string HlsUrl, string? RtmpUrl = null)
{
    /// <summary>The RTMPS ingest URL, when the gateway has an RTMPS listener (not positional: existing deconstructions keep 7 parts).</summary>
    public string? RtmpsUrl { get; init; }
}
