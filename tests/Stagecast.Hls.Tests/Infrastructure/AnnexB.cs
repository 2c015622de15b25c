using System.Buffers.Binary;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>One H.264 picture as the ingest hands it over: AVCC (4-byte lengths), keyframe flag.</summary>
public sealed record VideoFrame(byte[] Avcc, bool IsKeyframe);

/// <summary>Splits an Annex-B H.264 stream (ITU-T H.264 Annex B) into pictures, SPS and PPS.</summary>
public static class AnnexB
{
    public static List<ReadOnlyMemory<byte>> NalUnits(ReadOnlyMemory<byte> stream)
    {
        var units = new List<ReadOnlyMemory<byte>>();
        var span = stream.Span;
        var start = -1;
        var i = 0;
        while (i + 3 <= span.Length)
        {
            if (span[i] == 0 && span[i + 1] == 0 && span[i + 2] == 1)
            {
                if (start >= 0) units.Add(Trim(stream[start..i]));
                i += 3;
                start = i;
            }
            else
            {
                i++;
            }
        }

        if (start >= 0 && start < stream.Length) units.Add(Trim(stream[start..]));
        return units;
    }

    /// <summary>Pictures in decode order; a picture starts at a slice whose first_mb_in_slice is 0.</summary>
    public static (byte[] Sps, byte[] Pps, List<VideoFrame> Frames) Parse(byte[] stream)
    {
        byte[]? sps = null, pps = null;
        var frames = new List<VideoFrame>();
        var current = new List<ReadOnlyMemory<byte>>();
        var keyframe = false;
        var hasSlice = false;

        void Finish()
        {
            if (!hasSlice) return;
            var avcc = new byte[current.Sum(n => n.Length + 4)];
            var at = 0;
            foreach (var nal in current)
            {
                BinaryPrimitives.WriteInt32BigEndian(avcc.AsSpan(at), nal.Length);
                nal.Span.CopyTo(avcc.AsSpan(at + 4));
                at += nal.Length + 4;
            }

            frames.Add(new VideoFrame(avcc, keyframe));
            current.Clear();
            keyframe = false;
            hasSlice = false;
        }

        foreach (var nal in NalUnits(stream))
        {
            if (nal.Length == 0) continue;
            var type = nal.Span[0] & 0x1F;
            switch (type)
            {
                case 7:
                    Finish();
                    sps ??= nal.ToArray();
                    break;
                case 8:
                    Finish();
                    pps ??= nal.ToArray();
                    break;
                case 9:
                    Finish();
                    break;
                case 1 or 5:
                    // first_mb_in_slice is ue(v); a leading 1 bit means 0, i.e. a new picture.
                    if ((nal.Span[1] & 0x80) != 0) Finish();
                    current.Add(nal);
                    hasSlice = true;
                    keyframe |= type == 5;
                    break;
                default:
                    if (hasSlice) Finish();
                    current.Add(nal);
                    break;
            }
        }

        Finish();
        return (sps ?? throw new InvalidDataException("no SPS"), pps ?? throw new InvalidDataException("no PPS"), frames);
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> nal)
    {
        // A 4-byte start code leaves a trailing zero on the previous NAL unit.
        var end = nal.Length;
        while (end > 0 && nal.Span[end - 1] == 0) end--;
        return nal[..end];
    }
}
