using System.Buffers.Binary;
using System.Text;

namespace Stagecast.Media.Rtmp;

/// <summary>
/// AMF0 decoder (Adobe AMF0 specification §2). Values become: double (number, date), bool, string, null
/// (null, undefined), <see cref="Dictionary{TKey,TValue}"/> (object, ECMA array) and object?[] (strict array).
/// Depth, counts and lengths are bounded by the input; anything malformed throws <see cref="RtmpProtocolException"/>.
/// </summary>
public ref struct Amf0Reader(ReadOnlySpan<byte> data)
{
    public const int MaxDepth = 16;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly bool End => _pos >= _data.Length;

    /// <summary>Every value until the end of the input.</summary>
    public static List<object?> ReadAll(ReadOnlySpan<byte> data)
    {
        var reader = new Amf0Reader(data);
        var values = new List<object?>();
        while (!reader.End) values.Add(reader.ReadValue());
        return values;
    }

    public object? ReadValue() => ReadValue(0);

    private object? ReadValue(int depth)
    {
        if (depth > MaxDepth) throw new RtmpProtocolException("AMF0 value nested too deeply.");
        var marker = Byte();
        switch (marker)
        {
            case 0x00: return BinaryPrimitives.ReadDoubleBigEndian(Take(8));
            case 0x01: return Byte() != 0;
            case 0x02: return Utf8(BinaryPrimitives.ReadUInt16BigEndian(Take(2)));
            case 0x03: return ReadProperties(depth);
            case 0x05:
            case 0x06: return null;
            case 0x08:
                Take(4); // the ECMA array's count is advisory; the object-end marker terminates it
                return ReadProperties(depth);
            case 0x0A:
            {
                var count = BinaryPrimitives.ReadUInt32BigEndian(Take(4));
                if (count > (uint)(_data.Length - _pos)) throw new RtmpProtocolException("AMF0 strict array longer than its message.");
                var items = new object?[count];
                for (var i = 0; i < items.Length; i++) items[i] = ReadValue(depth + 1);
                return items;
            }
            case 0x0B:
            {
                var time = BinaryPrimitives.ReadDoubleBigEndian(Take(8));
                Take(2); // time zone, reserved
                return time;
            }
            case 0x0C:
            {
                var length = BinaryPrimitives.ReadUInt32BigEndian(Take(4));
                if (length > int.MaxValue) throw new RtmpProtocolException("AMF0 long string too long.");
                return Utf8((int)length);
            }
            default: throw new RtmpProtocolException($"AMF0 type marker 0x{marker:x2} is not supported.");
        }
    }

    private Dictionary<string, object?> ReadProperties(int depth)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            var nameLength = BinaryPrimitives.ReadUInt16BigEndian(Take(2));
            if (nameLength == 0)
            {
                if (Byte() != 0x09) throw new RtmpProtocolException("AMF0 object without its object-end marker.");
                return properties;
            }

            var name = Utf8(nameLength);
            properties[name] = ReadValue(depth + 1);
        }
    }

    private byte Byte() => Take(1)[0];

    private string Utf8(int length) => Encoding.UTF8.GetString(Take(length));

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _pos) throw new RtmpProtocolException("AMF0 value truncated.");
        var span = _data.Slice(_pos, count);
        _pos += count;
        return span;
    }
}
