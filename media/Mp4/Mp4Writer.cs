using System.Buffers.Binary;

namespace Stagecast.Media.Mp4;

/// <summary>
/// Appends ISO BMFF boxes (ISO/IEC 14496-12) to a growable buffer that the caller may reuse between
/// fragments (<see cref="Reset"/>): a box's size is patched in when it is closed, so nested boxes are
/// written in one pass without measuring them first.
/// </summary>
public sealed class Mp4Writer(int initialCapacity = 64 * 1024)
{
    private byte[] _buffer = new byte[Math.Max(initialCapacity, 256)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Reset() => Length = 0;

    public byte[] ToArray() => Written.ToArray();

    /// <summary>Opens a plain box; returns its start for <see cref="EndBox"/>.</summary>
    public int BeginBox(ReadOnlySpan<byte> type)
    {
        var start = Length;
        U32(0);
        FourCc(type);
        return start;
    }

    /// <summary>Opens a full box (version and 24-bit flags follow the type).</summary>
    public int BeginFullBox(ReadOnlySpan<byte> type, byte version, uint flags)
    {
        var start = BeginBox(type);
        U32(((uint)version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    public void EndBox(int start) => PatchU32(start, (uint)(Length - start));

    public void FourCc(ReadOnlySpan<byte> type)
    {
        if (type.Length != 4) throw new ArgumentException("A box type is four bytes.", nameof(type));
        Bytes(type);
    }

    public void U8(byte value) => Reserve(1)[0] = value;

    public void U16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void U24(uint value)
    {
        var span = Reserve(3);
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }

    public void U32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void I32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    public void U64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);

    public void Zeros(int count) => Reserve(count).Clear();

    public void Bytes(ReadOnlySpan<byte> data) => data.CopyTo(Reserve(data.Length));

    public void PatchU32(int offset, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(offset, 4), value);

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
