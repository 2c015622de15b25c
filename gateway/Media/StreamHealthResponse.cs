using Stagecast.Media.Whip;

namespace Stagecast.Gateway.Media;

/// <summary>A publisher's stream health as the ingest measures it, for the room's host and for operators.</summary>
public sealed record StreamHealthResponse(
    string RoomId,
    string State,
    double BitrateKbps,
    double FrameRate,
    int Width,
    int Height,
    long PacketsReceived,
    long PacketsLost,
    double RecentLossPercent,
    double? KeyframeIntervalSeconds,
    long Keyframes,
    long DroppedFrames,
    long SrtpAuthFailures,
    long PlisSent,
    long NacksSent,
    DateTimeOffset? MediaStartedAt)
{
    /// <summary>The one mapping from the ingest's <see cref="StreamHealth"/> to the HTTP shape (state as text, loss in percent).</summary>
    public static StreamHealthResponse From(string roomId, StreamHealth h) => new(
        roomId, h.State.ToString(), h.BitrateKbps, h.FrameRate, h.Width, h.Height, h.PacketsReceived, h.PacketsLost,
        h.RecentLossFraction * 100, h.KeyframeIntervalSeconds, h.Keyframes, h.DroppedFrames, h.SrtpAuthFailures,
        h.PlisSent, h.NacksSent, h.MediaStartedAt);
}
