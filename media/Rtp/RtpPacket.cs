using System.Buffers.Binary;

namespace Stagecast.Media.Rtp;

/// <summary>The fixed RTP header fields and where the payload lies (RFC 3550 §5.1).</summary>
public readonly struct RtpPacket
{
    public bool Marker { get; init; }
    public byte PayloadType { get; init; }
    public ushort SequenceNumber { get; init; }
    public uint Timestamp { get; init; }
    public uint Ssrc { get; init; }
    public int PayloadOffset { get; init; }
    public int PayloadLength { get; init; }

    /// <summary>
    /// Parses the header, skips CSRCs and the extension, and strips padding (P bit: the last byte counts
    /// the padding, §5.1). An empty payload (Chrome's padding probes) is valid.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < 12 || (data[0] >> 6) != 2)
        {
            return false;
        }
        int offset = 12 + 4 * (data[0] & 0x0F);
        if ((data[0] & 0x10) != 0)
        {
            if (data.Length < offset + 4)
            {
                return false;
            }
            offset += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(data.Slice(offset + 2));
        }
        if (offset > data.Length)
        {
            return false;
        }
        int end = data.Length;
        if ((data[0] & 0x20) != 0)
        {
            int padding = data[end - 1];
            if (padding == 0 || end - padding < offset)
            {
                return false;
            }
            end -= padding;
        }
        packet = new RtpPacket
        {
            Marker = (data[1] & 0x80) != 0,
            PayloadType = (byte)(data[1] & 0x7F),
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2)),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4)),
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(8)),
            PayloadOffset = offset,
            PayloadLength = end - offset,
        };
        return true;
    }

    /// <summary>RFC 5761 §4 / RFC 7983: within 128..191, a second byte of 192..223 is RTCP.</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> data) => data.Length >= 2 && data[1] >= 192 && data[1] <= 223;
}

/// <summary>Extends 16-bit sequence numbers and 32-bit timestamps to 64 bits.</summary>
public struct Unwrapper32
{
    private long _last;
    private bool _started;

    public long Unwrap(uint value)
    {
        if (!_started)
        {
            _started = true;
            _last = value;
            return _last;
        }
        _last += (int)(value - (uint)_last);
        return _last;
    }
}
