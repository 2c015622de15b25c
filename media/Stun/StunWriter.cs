using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Stagecast.Media.Stun;

/// <summary>Writes a STUN message into a caller-provided buffer.</summary>
public ref struct StunWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunWriter(Span<byte> buffer, ushort type, ReadOnlySpan<byte> transactionId)
    {
        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(2), 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(4), StunConstants.MagicCookie);
        transactionId.Slice(0, 12).CopyTo(buffer.Slice(8));
        _length = StunConstants.HeaderLength;
    }

    public readonly int Length => _length;

    public void AddAttribute(ushort type, scoped ReadOnlySpan<byte> value, byte padding = 0)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_length), type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_length + 2), (ushort)value.Length);
        value.CopyTo(_buffer.Slice(_length + 4));
        int padded = (value.Length + 3) & ~3;
        _buffer.Slice(_length + 4 + value.Length, padded - value.Length).Fill(padding);
        _length += 4 + padded;
        SetLength();
    }

    public void AddUInt32(ushort type, uint value)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v, value);
        AddAttribute(type, v);
    }

    public void AddUInt64(ushort type, ulong value)
    {
        Span<byte> v = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(v, value);
        AddAttribute(type, v);
    }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2) from the raw address bytes (4 or 16) and the port.</summary>
    public void AddXorMappedAddress(scoped ReadOnlySpan<byte> address, int port)
    {
        Span<byte> v = stackalloc byte[20];
        v[0] = 0;
        v[1] = address.Length == 4 ? (byte)1 : (byte)2;
        BinaryPrimitives.WriteUInt16BigEndian(v.Slice(2), (ushort)(port ^ (int)(StunConstants.MagicCookie >> 16)));
        for (int i = 0; i < address.Length; i++)
        {
            v[4 + i] = (byte)(address[i] ^ _buffer[4 + i]);
        }
        AddAttribute(StunConstants.AttrXorMappedAddress, v.Slice(0, 4 + address.Length));
    }

    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        Span<byte> addr = stackalloc byte[16];
        var ip = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        ip.TryWriteBytes(addr, out int written);
        AddXorMappedAddress(addr.Slice(0, written), endPoint.Port);
    }

    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        Span<byte> mac = stackalloc byte[20];
        StunMessage.ComputeIntegrity(_buffer.Slice(0, _length), key, mac);
        AddAttribute(StunConstants.AttrMessageIntegrity, mac);
    }

    public void AddFingerprint()
    {
        // The length must already count the 8-byte FINGERPRINT attribute when the CRC is taken.
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2), (ushort)(_length + 8 - StunConstants.HeaderLength));
        uint crc = Crc32.Compute(_buffer.Slice(0, _length)) ^ StunConstants.FingerprintXor;
        AddUInt32(StunConstants.AttrFingerprint, crc);
    }

    private readonly void SetLength() =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2), (ushort)(_length - StunConstants.HeaderLength));
}
