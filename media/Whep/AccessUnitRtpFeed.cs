using Stagecast.Media.AccessUnits;
using Stagecast.Media.H264;

namespace Stagecast.Media.Whep;

/// <summary>
/// WHEP for rooms whose media arrives as access units (RTMP): the video track is packetized to RTP
/// (<see cref="H264RtpPacketizer"/>) and handed to the room's <see cref="RoomRtpRelay"/> as if a WebRTC publisher had
/// sent it, so viewers get the same keyframe start, NACK cache and sender reports. AAC audio goes through an
/// <see cref="AacOpusTranscoder"/> (ffmpeg) when <paramref name="ffmpegPath"/> is given, started only while a WHEP viewer
/// of the room asked for audio (or another gateway relays it: <see cref="RoomRtpRelay.WantsAudio"/>) and stopped when
/// none does; without it the room is real-time for video only.
/// Nothing is done while the room has no relay. A video access unit with a composition offset means the encoder sends
/// B-frames, which WebRTC decoders do not reorder: from then on no video is forwarded (<see cref="SawBFrames"/>; the
/// gateway refuses WHEP for the room).
/// </summary>
public sealed class AccessUnitRtpFeed(Func<RoomRtpRelay?> relay, string? ffmpegPath = null) : IAccessUnitSink
{
    private readonly H264RtpPacketizer _packetizer = new((uint)Random.Shared.Next(1, int.MaxValue));
    private TrackConfig? _video;
    private TrackConfig? _audio;
    private AacOpusTranscoder? _transcoder;

    /// <summary>Video RTP packets handed to a relay.</summary>
    public long PacketsForwarded { get; private set; }

    /// <summary>The encoder has sent a picture whose presentation time differs from its decode time (B-frames).</summary>
    public bool SawBFrames { get; private set; }

    /// <summary>The running transcoder while a WHEP viewer of the room takes audio (tests).</summary>
    public AacOpusTranscoder? Transcoder => _transcoder;

    public void OnTrackConfig(TrackConfig config)
    {
        if (config.IsVideo)
        {
            _video = config;
            return;
        }

        if (config.Codec != MediaCodec.Aac) return;
        if (_audio is not null && !_audio.AudioSpecificConfig.Span.SequenceEqual(config.AudioSpecificConfig.Span)) StopTranscoder();
        _audio = config;
    }

    public void OnAccessUnit(in AccessUnit unit)
    {
        if (unit.CompositionOffset != 0 && _video is { } v && unit.TrackId == v.TrackId) SawBFrames = true;
        var target = SawBFrames ? null : relay();
        if (target is null)
        {
            StopTranscoder();
            return;
        }

        if (_video is { } video && unit.TrackId == video.TrackId)
        {
            // RTP carries presentation time; the clock is 90 kHz as in the access unit.
            var timestamp = (uint)(unit.Timestamp + unit.CompositionOffset);
            PacketsForwarded += _packetizer.Packetize(unit.Data.Span, timestamp, unit.IsKeyframe, video.Sps.Span, video.Pps.Span,
                (packet, sequence, payload) => target.OnPublisherPacket(true, packet, sequence, payload));
        }
        else if (_audio is { } audio && unit.TrackId == audio.TrackId && ffmpegPath is not null)
        {
            if (!target.WantsAudio)
            {
                StopTranscoder(); // only video-only viewers: no ffmpeg for sound nobody receives
                return;
            }
            _transcoder ??= new AacOpusTranscoder(ffmpegPath, audio.AudioSpecificConfig.Span, relay);
            _transcoder.Write(unit.Data.Span);
        }
    }

    public void OnEnd() => StopTranscoder();

    private void StopTranscoder()
    {
        if (_transcoder is not { } transcoder) return;
        _transcoder = null;
        // Killing and reaping ffmpeg can take a moment: not on the ingest's read loop.
        ThreadPool.QueueUserWorkItem(_ => transcoder.Dispose());
    }
}
