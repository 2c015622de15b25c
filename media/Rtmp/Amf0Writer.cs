using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Stagecast.Media.Rtmp;

/// <summary>AMF0 encoder (Adobe AMF0 specification §2) into a growable buffer.</summary>
public sealed class Amf0Writer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public Amf0Writer Number(double value)
    {
        var span = _buffer.GetSpan(9);
        span[0] = 0x00;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _buffer.Advance(9);
        return this;
    }

    public Amf0Writer Boolean(bool value)
    {
        var span = _buffer.GetSpan(2);
        span[0] = 0x01;
        span[1] = value ? (byte)1 : (byte)0;
        _buffer.Advance(2);
        return this;
    }

    public Amf0Writer String(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            Marker(0x0C);
            U32((uint)length);
        }
        else
        {
            Marker(0x02);
            U16((ushort)length);
        }

        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length)));
        return this;
    }

    public Amf0Writer Null() => Marker(0x05);

    /// <summary>Any value <see cref="Amf0Reader"/> produces: double, bool, string, null, dictionary (object), array (strict).</summary>
    public Amf0Writer Value(object? value) => value switch
    {
        null => Null(),
        double d => Number(d),
        int i => Number(i),
        bool b => Boolean(b),
        string s => String(s),
        IReadOnlyDictionary<string, object?> o => Object(o),
        object?[] a => StrictArray(a),
        _ => throw new ArgumentException($"No AMF0 encoding for {value.GetType().Name}.", nameof(value)),
    };

    public Amf0Writer Object(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        Marker(0x03);
        return Properties(properties);
    }

    public Amf0Writer EcmaArray(IReadOnlyCollection<KeyValuePair<string, object?>> properties)
    {
        Marker(0x08);
        U32((uint)properties.Count);
        return Properties(properties);
    }

    public Amf0Writer StrictArray(IReadOnlyList<object?> items)
    {
        Marker(0x0A);
        U32((uint)items.Count);
        foreach (var item in items) Value(item);
        return this;
    }

    private Amf0Writer Properties(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        foreach (var (name, value) in properties)
        {
            var length = Encoding.UTF8.GetByteCount(name);
            U16((ushort)length);
            _buffer.Advance(Encoding.UTF8.GetBytes(name, _buffer.GetSpan(length)));
            Value(value);
        }

        U16(0);
        return Marker(0x09);
    }

    private Amf0Writer Marker(byte marker)
    {
        _buffer.GetSpan(1)[0] = marker;
        _buffer.Advance(1);
        return this;
    }

    private void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    private void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }
}
