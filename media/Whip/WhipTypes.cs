using Stagecast.Media.Sdp;

namespace Stagecast.Media.Whip;

/// <summary>Why a session ended.</summary>
public enum WhipEndReason
{
    /// <summary>The publisher sent DELETE (or the gateway ended it).</summary>
    Deleted,

    /// <summary>Nothing arrived for <see cref="IngestOptions.SessionTimeout"/>, or the handshake never finished.</summary>
    Timeout,

    /// <summary>The publisher closed DTLS (close_notify) or said RTCP BYE on every stream.</summary>
    DtlsClosed,

    /// <summary>The DTLS handshake failed (wrong fingerprint, no common SRTP profile, ...).</summary>
    DtlsFailed,

    /// <summary>The server is shutting down.</summary>
    ServerStopped,

    /// <summary>The publisher's credential no longer holds (room ended, stream key rotated, host banned).</summary>
    Revoked,
}

public enum WhipSessionState
{
    /// <summary>Answer sent; waiting for ICE checks.</summary>
    Waiting,

    /// <summary>ICE checks authenticated; DTLS in progress.</summary>
    Connecting,

    /// <summary>DTLS done, SRTP keys in place.</summary>
    Connected,

    /// <summary>Media is flowing to the sink.</summary>
    Live,

    Ended,
}

public enum WhipCreateStatus
{
    Created,

    /// <summary>The offer cannot be served (422, or 400 when malformed): see <see cref="WhipCreateResult.Refusal"/>.</summary>
    Refused,

    /// <summary>The room already has a publisher (409).</summary>
    RoomBusy,

    /// <summary>The server has no room for another publisher (503).</summary>
    Overloaded,

    /// <summary>WHEP: the room has no WebRTC publisher on this node (404).</summary>
    NotLive,
}

/// <summary>The outcome of <see cref="IngestServer.CreateSession"/>.</summary>
public sealed record WhipCreateResult(
    WhipCreateStatus Status,
    string? SessionId,
    string? AnswerSdp,
    OfferRefusal Refusal,
    string? Reason)
{
    public bool Succeeded => Status == WhipCreateStatus.Created;
}

/// <summary>A snapshot of one publisher's stream health, refreshed about once a second.</summary>
public sealed record StreamHealth(
    WhipSessionState State,
    double BitrateKbps,
    double FrameRate,
    int Width,
    int Height,
    long PacketsReceived,
    long PacketsLost,
    double RecentLossFraction,
    double? KeyframeIntervalSeconds,
    long Keyframes,
    long VideoFrames,
    long AudioFrames,
    long DroppedFrames,
    long SrtpAuthFailures,
    long PlisSent,
    DateTimeOffset? MediaStartedAt)
{
    /// <summary>Generic NACKs sent for video gaps.</summary>
    public long NacksSent { get; init; }

    /// <summary>Video packets that arrived out of order and were put back in order.</summary>
    public long PacketsReordered { get; init; }
}
