using Stagecast.Media.AccessUnits;
using Stagecast.Media.H264;
using Stagecast.Media.Rtp;

namespace Stagecast.Media.Opus;

/// <summary>RFC 7587: one Opus packet per RTP packet, 48 kHz clock whatever the real sample rate.</summary>
public sealed class OpusDepacketizer(int trackId, int channels, IDepacketizerOutput output)
{
    private readonly byte[] _frame = new byte[1500];
    private Unwrapper32 _timestamps;
    private bool _configSent;

    public long Frames { get; private set; }

    public void Push(in RtpPacket packet, ReadOnlySpan<byte> payload)
    {
        // §4.2: DTX may leave gaps and send empty or 1-byte comfort packets; only empty ones carry nothing.
        if (payload.IsEmpty || payload.Length > _frame.Length)
        {
            return;
        }
        if (!_configSent)
        {
            _configSent = true;
            output.OnTrackConfig(new TrackConfig(trackId, MediaCodec.Opus, 48000, default, default, 0, 0, channels, 48000, default));
        }
        payload.CopyTo(_frame);
        Frames++;
        output.OnFrame(trackId, _timestamps.Unwrap(packet.Timestamp), packet.Timestamp, true, _frame.AsMemory(0, payload.Length));
    }
}
