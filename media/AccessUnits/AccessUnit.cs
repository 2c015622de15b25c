namespace Stagecast.Media.AccessUnits;

/// <summary>
/// One decodable unit: a whole H.264 picture or one Opus/AAC packet.
/// <see cref="Data"/> is only valid for the duration of the sink call; a sink that keeps it must copy it.
/// </summary>
/// <param name="TrackId">Matches <see cref="TrackConfig.TrackId"/>.</param>
/// <param name="Timestamp">Decode time in <see cref="TrackConfig.ClockRate"/> units, unwrapped (64-bit, monotonic per track, may start anywhere); the presentation time when <paramref name="CompositionOffset"/> is 0.</param>
/// <param name="IsKeyframe">An IDR picture (video); always true for audio.</param>
/// <param name="Data">H.264: NAL units each prefixed with a 4-byte big-endian length (AVCC), in decode order. Audio: one raw packet.</param>
/// <param name="CaptureTimeUtc">Sender's wall-clock capture time when known (RTCP SR mapping), else the receive time; used for EXT-X-PROGRAM-DATE-TIME and latency measurement.</param>
/// <param name="CompositionOffset">Presentation minus decode time in clock units (H.264 B-frames from RTMP; 0 for WebRTC, which has none).</param>
public readonly record struct AccessUnit(
    int TrackId,
    long Timestamp,
    bool IsKeyframe,
    ReadOnlyMemory<byte> Data,
    DateTimeOffset CaptureTimeUtc,
    int CompositionOffset = 0);
