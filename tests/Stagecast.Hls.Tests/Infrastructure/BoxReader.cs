using System.Buffers.Binary;
using System.Text;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>One ISO BMFF box as read back: type, absolute offset, total size, payload after the header.</summary>
public sealed record Box(string Type, int Offset, int Size, ReadOnlyMemory<byte> Payload)
{
    private static readonly HashSet<string> Containers =
        ["moov", "trak", "mdia", "minf", "stbl", "dinf", "mvex", "moof", "traf"];

    public IReadOnlyList<Box> Children => Containers.Contains(Type)
        ? BoxReader.Read(Payload, Offset + 8)
        : Type switch
        {
            "stsd" => BoxReader.Read(Payload[8..], Offset + 16),
            "avc1" => BoxReader.Read(Payload[78..], Offset + 86),
            "Opus" or "mp4a" => BoxReader.Read(Payload[28..], Offset + 36),
            "dref" => BoxReader.Read(Payload[8..], Offset + 16),
            _ => [],
        };

    public Box Child(string type) => Children.Single(b => b.Type == type);

    public IEnumerable<Box> All(string type) => Children.Where(b => b.Type == type);

    /// <summary>Follows a path like "trak/mdia/mdhd" (first match at each step).</summary>
    public Box Path(string path)
    {
        var box = this;
        foreach (var part in path.Split('/'))
        {
            box = box.Children.First(b => b.Type == part);
        }

        return box;
    }

    public uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(Payload.Span[at..]);

    public ulong U64(int at) => BinaryPrimitives.ReadUInt64BigEndian(Payload.Span[at..]);

    public ushort U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(Payload.Span[at..]);

    public byte Version => Payload.Span[0];

    public uint Flags => U32(0) & 0xFFFFFF;
}

/// <summary>The test's own box reader: independent of the writer it checks.</summary>
public static class BoxReader
{
    public static IReadOnlyList<Box> Read(ReadOnlyMemory<byte> data, int baseOffset = 0)
    {
        var boxes = new List<Box>();
        var offset = 0;
        while (offset + 8 <= data.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(data.Span[offset..]);
            var type = Encoding.ASCII.GetString(data.Span.Slice(offset + 4, 4));
            if (size < 8 || offset + size > data.Length)
            {
                throw new InvalidDataException($"Box {type} at {baseOffset + offset} has size {size}, {data.Length - offset} bytes left.");
            }

            boxes.Add(new Box(type, baseOffset + offset, size, data.Slice(offset + 8, size - 8)));
            offset += size;
        }

        if (offset != data.Length) throw new InvalidDataException($"{data.Length - offset} trailing bytes after the last box.");
        return boxes;
    }

    /// <summary>One trun's samples: (duration, size, flags).</summary>
    public static IReadOnlyList<(uint Duration, uint Size, uint Flags)> Samples(Box trun, out int dataOffset)
    {
        var flags = trun.Flags;
        var count = (int)trun.U32(4);
        var at = 8;
        dataOffset = 0;
        if ((flags & 0x1) != 0)
        {
            dataOffset = (int)trun.U32(at);
            at += 4;
        }

        if ((flags & 0x4) != 0) at += 4;
        var samples = new List<(uint, uint, uint)>(count);
        for (var i = 0; i < count; i++)
        {
            uint duration = 0, size = 0, sampleFlags = 0;
            if ((flags & 0x100) != 0) { duration = trun.U32(at); at += 4; }
            if ((flags & 0x200) != 0) { size = trun.U32(at); at += 4; }
            if ((flags & 0x400) != 0) { sampleFlags = trun.U32(at); at += 4; }
            if ((flags & 0x800) != 0) at += 4;
            samples.Add((duration, size, sampleFlags));
        }

        return samples;
    }
}
