using System.Buffers.Binary;

namespace Stagecast.Media.Hls;

/// <summary>
/// Wraps raw Opus packets in Ogg pages (RFC 3533, RFC 7845) so that ffmpeg can read them from a pipe with
/// their timing: one packet per page, the granule position counting 48 kHz samples.
/// </summary>
internal sealed class OggOpusWriter(Stream output, int channels)
{
    private static readonly uint[] CrcTable = BuildCrcTable();
    private readonly uint _serial = (uint)Random.Shared.Next();
    private readonly byte[] _page = new byte[27 + 255 + 255 * 255];
    private uint _sequence;
    private long _granule;
    private bool _headersWritten;

    /// <summary>Appends one packet; <paramref name="samples"/> is its length in 48 kHz samples (gaps included).</summary>
    public void Write(ReadOnlySpan<byte> packet, long samples)
    {
        if (!_headersWritten)
        {
            WriteHeaders();
        }

        _granule += samples;
        WritePage(packet, 0, _granule);
    }

    /// <summary>RFC 6716 3.1: the TOC byte gives the frame duration and the frame count code.</summary>
    public static int SamplesOf(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty) return 960;
        var toc = packet[0];
        var config = toc >> 3;
        var tenthsOfMs = config switch
        {
            < 12 => config % 4 == 3 ? 600 : 100 << (config % 4), // SILK: 10, 20, 40, 60 ms
            < 16 => 100 << (config % 2), // hybrid: 10, 20 ms
            _ => 25 << (config % 4), // CELT: 2.5, 5, 10, 20 ms
        };
        var frames = (toc & 3) switch
        {
            0 => 1,
            3 when packet.Length > 1 => packet[1] & 0x3F,
            3 => 1,
            _ => 2,
        };
        return tenthsOfMs * 48 * frames / 10;
    }

    private void WriteHeaders()
    {
        _headersWritten = true;
        Span<byte> head = stackalloc byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1; // version
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head[10..], 0); // pre-skip
        BinaryPrimitives.WriteUInt32LittleEndian(head[12..], 48_000);
        BinaryPrimitives.WriteInt16LittleEndian(head[16..], 0); // output gain
        head[18] = 0; // mapping family
        WritePage(head, 0x02, 0); // beginning of stream

        Span<byte> tags = stackalloc byte[8 + 4 + 9 + 4];
        "OpusTags"u8.CopyTo(tags);
        BinaryPrimitives.WriteUInt32LittleEndian(tags[8..], 9);
        "Stagecast"u8.CopyTo(tags[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(tags[21..], 0);
        WritePage(tags, 0, 0);
    }

    private void WritePage(ReadOnlySpan<byte> packet, byte headerType, long granule)
    {
        var segments = packet.Length / 255 + 1;
        if (segments > 255) throw new ArgumentException("An Opus packet never needs more than one Ogg page.", nameof(packet));
        var page = _page.AsSpan(0, 27 + segments + packet.Length);
        "OggS"u8.CopyTo(page);
        page[4] = 0;
        page[5] = headerType;
        BinaryPrimitives.WriteInt64LittleEndian(page[6..], granule);
        BinaryPrimitives.WriteUInt32LittleEndian(page[14..], _serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page[18..], _sequence++);
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], 0);
        page[26] = (byte)segments;
        for (var i = 0; i < segments - 1; i++) page[27 + i] = 255;
        page[27 + segments - 1] = (byte)(packet.Length % 255);
        packet.CopyTo(page[(27 + segments)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], Crc(page));
        output.Write(page);
        output.Flush();
    }

    // Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value 0 (RFC 3533 6).
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint crc = 0;
        foreach (var b in data) crc = (crc << 8) ^ CrcTable[((crc >> 24) ^ b) & 0xFF];
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var r = i << 24;
            for (var bit = 0; bit < 8; bit++) r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            table[i] = r;
        }

        return table;
    }
}
