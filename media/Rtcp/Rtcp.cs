using System.Buffers.Binary;

namespace Stagecast.Media.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public static class RtcpType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Bye = 203;
    public const byte App = 204;
    public const byte TransportFeedback = 205;
    public const byte PayloadFeedback = 206;
}

/// <summary>The part of a sender report that maps RTP time to wall-clock time (RFC 3550 §6.4.1).</summary>
public readonly record struct SenderReportInfo(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    private static readonly DateTime NtpEpoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public DateTimeOffset NtpTime => new(NtpEpoch.AddTicks((long)((NtpTimestamp >> 32) * TimeSpan.TicksPerSecond) +
                                                           (long)((NtpTimestamp & 0xFFFFFFFF) * TimeSpan.TicksPerSecond >> 32)));

    /// <summary>The middle 32 bits echoed back as LSR in receiver reports.</summary>
    public uint NtpMiddle => (uint)(NtpTimestamp >> 16);
}

/// <summary>What a compound RTCP packet told us; only the parts the ingest acts on.</summary>
public interface IRtcpHandler
{
    void OnSenderReport(in SenderReportInfo report);

    void OnBye(uint ssrc);
}

/// <summary>Walks a compound RTCP packet (RFC 3550 §6.1) without allocating.</summary>
public static class RtcpReader
{
    /// <summary>Returns the number of packets read, or -1 when the compound packet is malformed.</summary>
    public static int Read(ReadOnlySpan<byte> data, IRtcpHandler handler)
    {
        int count = 0;
        int pos = 0;
        while (pos < data.Length)
        {
            if (data.Length - pos < 4 || (data[pos] >> 6) != 2)
            {
                return -1;
            }
            int length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(data.Slice(pos + 2)) + 1);
            if (pos + length > data.Length)
            {
                return -1;
            }
            var packet = data.Slice(pos, length);
            int rc = packet[0] & 0x1F;
            switch (packet[1])
            {
                case RtcpType.SenderReport:
                    // Header(4) + SSRC(4) + NTP(8) + RTP ts(4) + packets(4) + octets(4), then report blocks.
                    if (packet.Length < 28 + 24 * rc)
                    {
                        return -1;
                    }
                    handler.OnSenderReport(new SenderReportInfo(
                        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)),
                        BinaryPrimitives.ReadUInt64BigEndian(packet.Slice(8)),
                        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(16)),
                        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(20)),
                        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(24))));
                    break;
                case RtcpType.ReceiverReport:
                    if (packet.Length < 8 + 24 * rc)
                    {
                        return -1;
                    }
                    break;
                case RtcpType.Bye:
                    if (packet.Length < 4 + 4 * rc)
                    {
                        return -1;
                    }
                    for (int i = 0; i < rc; i++)
                    {
                        handler.OnBye(BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4 + 4 * i)));
                    }
                    break;
                case RtcpType.SourceDescription:
                    if (!SdesIsWellFormed(packet, rc))
                    {
                        return -1;
                    }
                    break;
            }
            pos += length;
            count++;
        }
        return count;
    }

    /// <summary>RFC 3550 §6.5: chunks of SSRC + items, each chunk ended by a null item and padded to 32 bits.</summary>
    private static bool SdesIsWellFormed(ReadOnlySpan<byte> packet, int chunks)
    {
        int pos = 4;
        for (int c = 0; c < chunks; c++)
        {
            if (pos + 4 > packet.Length)
            {
                return false;
            }
            pos += 4;
            while (true)
            {
                if (pos >= packet.Length)
                {
                    return false;
                }
                if (packet[pos] == 0)
                {
                    pos = (pos + 4) & ~3;
                    break;
                }
                if (pos + 2 > packet.Length || pos + 2 + packet[pos + 1] > packet.Length)
                {
                    return false;
                }
                pos += 2 + packet[pos + 1];
            }
        }
        return pos <= packet.Length;
    }
}

/// <summary>Writes the RTCP the ingest sends into a caller-provided buffer.</summary>
public static class RtcpWriter
{
    /// <summary>
    /// RR with one report block (RFC 3550 §6.4.2): fraction lost, cumulative lost (24 bits), extended
    /// highest sequence, jitter, LSR, DLSR (1/65536 s).
    /// </summary>
    public static int WriteReceiverReport(Span<byte> dst, uint senderSsrc, uint mediaSsrc, byte fractionLost, int cumulativeLost,
        uint extendedHighestSeq, uint jitter, uint lastSr, uint delaySinceLastSr)
    {
        dst[0] = 0x81;
        dst[1] = RtcpType.ReceiverReport;
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(8), mediaSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(12), ((uint)fractionLost << 24) | ((uint)cumulativeLost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(16), extendedHighestSeq);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(20), jitter);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(24), lastSr);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(28), delaySinceLastSr);
        return 32;
    }

    /// <summary>An RR with no report blocks, to lead a compound packet (RFC 3550 §6.1).</summary>
    public static int WriteEmptyReceiverReport(Span<byte> dst, uint senderSsrc)
    {
        dst[0] = 0x80;
        dst[1] = RtcpType.ReceiverReport;
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), senderSsrc);
        return 8;
    }

    /// <summary>Picture Loss Indication (RFC 4585 §6.3.1): PSFB, FMT 1, no FCI.</summary>
    public static int WritePli(Span<byte> dst, uint senderSsrc, uint mediaSsrc)
    {
        dst[0] = 0x81;
        dst[1] = RtcpType.PayloadFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(2), 2);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(8), mediaSsrc);
        return 12;
    }

    /// <summary>Full Intra Request (RFC 5104 §4.3.1): PSFB FMT 4, media SSRC 0, FCI = SSRC + seq + 3 reserved bytes.</summary>
    public static int WriteFir(Span<byte> dst, uint senderSsrc, uint mediaSsrc, byte sequence)
    {
        dst[0] = 0x84;
        dst[1] = RtcpType.PayloadFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(2), 4);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(8), 0);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(12), mediaSsrc);
        dst[16] = sequence;
        dst[17] = dst[18] = dst[19] = 0;
        return 20;
    }

    /// <summary>Generic NACK (RFC 4585 §6.2.1): RTPFB FMT 1, one FCI of PID + bitmask of the following 16.</summary>
    public static int WriteNack(Span<byte> dst, uint senderSsrc, uint mediaSsrc, ushort pid, ushort bitmask)
    {
        dst[0] = 0x81;
        dst[1] = RtcpType.TransportFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(2), 3);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(8), mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(12), pid);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(14), bitmask);
        return 16;
    }
}
