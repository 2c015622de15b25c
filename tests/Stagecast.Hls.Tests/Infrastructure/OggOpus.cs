namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>One Opus packet and its length in 48 kHz samples.</summary>
public sealed record OpusPacket(byte[] Data, int Samples);

/// <summary>Reads Opus packets out of an Ogg file (RFC 3533 pages, RFC 7845 mapping).</summary>
public static class OggOpus
{
    public static (int Channels, List<OpusPacket> Packets) Parse(byte[] file)
    {
        var packets = new List<byte[]>();
        var partial = new List<byte>();
        var offset = 0;
        while (offset + 27 <= file.Length)
        {
            if (file[offset] != 'O' || file[offset + 1] != 'g' || file[offset + 2] != 'g' || file[offset + 3] != 'S')
            {
                throw new InvalidDataException($"No Ogg page at {offset}.");
            }

            var segments = file[offset + 26];
            var lacing = file.AsSpan(offset + 27, segments);
            var data = offset + 27 + segments;
            foreach (var length in lacing)
            {
                partial.AddRange(file.AsSpan(data, length));
                data += length;
                if (length < 255)
                {
                    packets.Add([.. partial]);
                    partial.Clear();
                }
            }

            offset = data;
        }

        if (packets.Count < 2 || !packets[0].AsSpan(0, 8).SequenceEqual("OpusHead"u8)) throw new InvalidDataException("Not Ogg Opus.");
        var channels = packets[0][9];
        var audio = packets.Skip(2).Where(p => p.Length > 0).Select(p => new OpusPacket(p, SamplesOf(p))).ToList();
        return (channels, audio);
    }

    /// <summary>RFC 6716 3.1: the TOC byte gives the frame size and the frame count code.</summary>
    public static int SamplesOf(byte[] packet)
    {
        var toc = packet[0];
        var config = toc >> 3;
        double ms = config switch
        {
            < 12 => new[] { 10, 20, 40, 60 }[config % 4],
            < 16 => new[] { 10, 20 }[config % 2],
            _ => new[] { 2.5, 5, 10, 20 }[config % 4],
        };
        var frames = (toc & 3) switch
        {
            0 => 1,
            3 => packet[1] & 0x3F,
            _ => 2,
        };
        return (int)(ms * 48 * frames);
    }
}
