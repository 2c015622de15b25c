using System.Net;

namespace Stagecast.Media.Rtmp;

/// <summary>What the RTMP server asks its host (the gateway) about publishers; calls may come from any thread.</summary>
public interface IRtmpPublishHandler
{
    /// <summary>Whether <paramref name="streamKey"/> may publish now, and into which room.</summary>
    ValueTask<RtmpAdmission> AdmitAsync(string streamKey, EndPoint? remote, CancellationToken ct);

    /// <summary>Asked periodically while publishing: false (room ended, key rotated, host banned) cuts the connection.</summary>
    ValueTask<bool> IsStillAllowedAsync(string roomId, string streamKey, CancellationToken ct);

    /// <summary>The first media of a publisher reached the room's output.</summary>
    void OnMediaStarted(string roomId);

    /// <summary>A publisher has gone; <paramref name="mediaStarted"/> tells whether any media had flowed.</summary>
    void OnPublishEnded(string roomId, bool mediaStarted);
}

/// <summary>The outcome of <see cref="IRtmpPublishHandler.AdmitAsync"/>.</summary>
public enum RtmpAdmissionStatus
{
    Accepted,
    BadKey,
    Busy,
    Unavailable,
}

/// <summary>An admission decision and, when accepted, the room the key belongs to.</summary>
public readonly record struct RtmpAdmission(RtmpAdmissionStatus Status, string? RoomId = null);
