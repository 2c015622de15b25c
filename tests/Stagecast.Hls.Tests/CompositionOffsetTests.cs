using System.Buffers.Binary;
using Stagecast.Media.Mp4;

namespace Stagecast.Hls.Tests;

/// <summary>ISO/IEC 14496-12 8.8.8: trun carries signed composition offsets (version 1, flag 0x800) only when a run has B-frames.</summary>
public class CompositionOffsetTests
{
    private static (byte Version, uint Flags, int[] Offsets) Trun(FragmentSample[] samples)
    {
        var w = new Mp4Writer();
        FragmentWriter.Write(w, 1, [new TrackRun(1, 0, samples, new byte[samples.Sum(s => s.Size)])]);
        var bytes = w.ToArray();
        var at = bytes.AsSpan().IndexOf("trun"u8);
        var version = bytes[at + 4];
        var flags = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 4)) & 0xFFFFFF;
        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 8));
        var offsets = new int[count];
        if ((flags & 0x800) != 0)
        {
            for (var i = 0; i < count; i++) offsets[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 16 + i * 16 + 12));
        }

        return (version, flags, offsets);
    }

    [Fact]
    public void BFrames_WriteVersion1TrunWithOffsets()
    {
        // Decode order I P B B with PTS - DTS of 2, 4, 0 and -1 frames (90 kHz, 30 fps): signed offsets survive.
        var (version, flags, offsets) = Trun([new(3000, 10, true, 6000), new(3000, 5, false, 12000), new(3000, 4, false, 0), new(3000, 4, false, -3000)]);
        Assert.Equal(1, version);
        Assert.Equal(0x800u, flags & 0x800);
        Assert.Equal(new[] { 6000, 12000, 0, -3000 }, offsets);
    }

    [Fact]
    public void NoBFrames_KeepVersion0WithoutOffsets()
    {
        var (version, flags, _) = Trun([new(3000, 10, true), new(3000, 5, false)]);
        Assert.Equal(0, version);
        Assert.Equal(0u, flags & 0x800);
    }
}
