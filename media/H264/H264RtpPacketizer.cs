using System.Buffers.Binary;

namespace Stagecast.Media.H264;

/// <summary>
/// H.264 access units (AVCC: 4-byte length-prefixed NAL units) to RTP packets (RFC 6184, packetization-mode 1): a NAL
/// unit that fits is one packet (§5.6), a larger one is split into FU-A fragments (§5.8). Keyframes are preceded by the
/// SPS and PPS, which RTMP carries only in its sequence header. The marker bit is set on the access unit's last packet.
/// </summary>
public sealed class H264RtpPacketizer(uint ssrc, byte payloadType = 96, int maxPayload = 1200)
{
    public const int HeaderSize = 12;

    private ushort _sequence = (ushort)Random.Shared.Next(0, 30000);

    /// <summary>The sequence number the next packet gets.</summary>
    public ushort NextSequence => _sequence;

    /// <summary>One packet: its bytes (header included, valid only during the call), its sequence number and its payload.</summary>
    public delegate void PacketHandler(ReadOnlySpan<byte> packet, ushort sequence, ReadOnlySpan<byte> payload);

    /// <summary>
    /// Packetizes one access unit at RTP time <paramref name="rtpTimestamp"/> (90 kHz, presentation time).
    /// <paramref name="sps"/> and <paramref name="pps"/> go first when <paramref name="keyframe"/> is set and they are not empty.
    /// Returns the number of packets; malformed length prefixes end the unit early.
    /// </summary>
    public int Packetize(ReadOnlySpan<byte> avcc, uint rtpTimestamp, bool keyframe, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps, PacketHandler send)
    {
        var nals = new List<(int Offset, int Length)>();
        for (int at = 0; at + 4 <= avcc.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(avcc.Slice(at));
            if (length <= 0 || length > avcc.Length - at - 4) break;
            int type = avcc[at + 4] & 0x1F;
            // In-band SPS/PPS/AUD are dropped when the configuration is sent with the keyframe anyway.
            if (!(keyframe && !sps.IsEmpty && type is 7 or 8) && type != 9) nals.Add((at + 4, length));
            at += 4 + length;
        }

        if (nals.Count == 0) return 0;
        Span<byte> buffer = stackalloc byte[HeaderSize + maxPayload];
        int packets = 0;
        if (keyframe && !sps.IsEmpty && !pps.IsEmpty)
        {
            packets += Send(buffer, sps, rtpTimestamp, last: false, send);
            packets += Send(buffer, pps, rtpTimestamp, last: false, send);
        }

        for (int i = 0; i < nals.Count; i++)
        {
            packets += Send(buffer, avcc.Slice(nals[i].Offset, nals[i].Length), rtpTimestamp, last: i == nals.Count - 1, send);
        }

        return packets;
    }

    private int Send(Span<byte> buffer, ReadOnlySpan<byte> nal, uint timestamp, bool last, PacketHandler send)
    {
        if (nal.Length <= maxPayload)
        {
            nal.CopyTo(buffer.Slice(HeaderSize));
            Emit(buffer, HeaderSize + nal.Length, timestamp, last, send);
            return 1;
        }

        // FU-A: indicator (F, NRI, type 28), header (S, E, NAL type), then the NAL unit's bytes after its header.
        byte indicator = (byte)((nal[0] & 0xE0) | 28);
        byte type = (byte)(nal[0] & 0x1F);
        int count = 0;
        for (int at = 1; at < nal.Length; count++)
        {
            int size = Math.Min(maxPayload - 2, nal.Length - at);
            bool start = at == 1;
            bool end = at + size == nal.Length;
            buffer[HeaderSize] = indicator;
            buffer[HeaderSize + 1] = (byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
            nal.Slice(at, size).CopyTo(buffer.Slice(HeaderSize + 2));
            Emit(buffer, HeaderSize + 2 + size, timestamp, last && end, send);
            at += size;
        }

        return count;
    }

    private void Emit(Span<byte> buffer, int length, uint timestamp, bool marker, PacketHandler send)
    {
        var sequence = _sequence++;
        buffer[0] = 0x80;
        buffer[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(8), ssrc);
        send(buffer.Slice(0, length), sequence, buffer.Slice(HeaderSize, length - HeaderSize));
    }
}
