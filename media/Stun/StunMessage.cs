using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Stagecast.Media.Stun;

/// <summary>STUN message and attribute numbers used by ICE (RFC 8489 §18, RFC 8445 §16).</summary>
public static class StunConstants
{
    public const uint MagicCookie = 0x2112A442;
    public const int HeaderLength = 20;
    public const ushort BindingRequest = 0x0001;
    public const ushort BindingSuccess = 0x0101;
    public const ushort BindingError = 0x0111;
    public const ushort BindingIndication = 0x0011;

    public const ushort AttrMappedAddress = 0x0001;
    public const ushort AttrUsername = 0x0006;
    public const ushort AttrMessageIntegrity = 0x0008;
    public const ushort AttrErrorCode = 0x0009;
    public const ushort AttrXorMappedAddress = 0x0020;
    public const ushort AttrPriority = 0x0024;
    public const ushort AttrUseCandidate = 0x0025;
    public const ushort AttrSoftware = 0x8022;
    public const ushort AttrFingerprint = 0x8028;
    public const ushort AttrIceControlled = 0x8029;
    public const ushort AttrIceControlling = 0x802A;

    /// <summary>RFC 8489 §14.7: the CRC-32 is XOR'ed with this so STUN can be told from other protocols.</summary>
    public const uint FingerprintXor = 0x5354554E;
}

/// <summary>Where the interesting attributes of one parsed STUN message lie (offsets into the message).</summary>
public struct StunMessageInfo
{
    public ushort Type;
    public int Length;
    public int UsernameOffset;
    public int UsernameLength;
    public int MessageIntegrityOffset;
    public int FingerprintOffset;
    public int XorMappedAddressOffset;
    public int XorMappedAddressLength;
    public bool UseCandidate;
    public bool IceControlling;
    public bool IceControlled;
    public uint Priority;
    public bool HasUnknownRequired;
}

/// <summary>Parses and checks STUN messages in place (RFC 8489 §5, §14).</summary>
public static class StunMessage
{
    /// <summary>RFC 7983 §7: a first byte of 0..3 is STUN.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> data) =>
        data.Length >= StunConstants.HeaderLength && data[0] < 4 &&
        BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4)) == StunConstants.MagicCookie;

    public static bool TryParse(ReadOnlySpan<byte> msg, out StunMessageInfo info)
    {
        info = default;
        info.MessageIntegrityOffset = -1;
        info.FingerprintOffset = -1;
        info.UsernameOffset = -1;
        info.XorMappedAddressOffset = -1;
        if (!LooksLikeStun(msg))
        {
            return false;
        }
        info.Type = BinaryPrimitives.ReadUInt16BigEndian(msg);
        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(msg.Slice(2));
        // RFC 8489 §5: the length never counts the header and attributes are padded to 4 bytes.
        if ((bodyLength & 3) != 0 || StunConstants.HeaderLength + bodyLength > msg.Length)
        {
            return false;
        }
        info.Length = StunConstants.HeaderLength + bodyLength;
        int pos = StunConstants.HeaderLength;
        while (pos < info.Length)
        {
            if (pos + 4 > info.Length)
            {
                return false;
            }
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(msg.Slice(pos));
            int len = BinaryPrimitives.ReadUInt16BigEndian(msg.Slice(pos + 2));
            int valueStart = pos + 4;
            if (valueStart + len > info.Length)
            {
                return false;
            }
            // RFC 8489 §14.5/§14.7: only FINGERPRINT may follow MESSAGE-INTEGRITY; nothing follows FINGERPRINT.
            if (info.FingerprintOffset >= 0)
            {
                return false;
            }
            if (info.MessageIntegrityOffset >= 0 && type != StunConstants.AttrFingerprint)
            {
                pos = valueStart + ((len + 3) & ~3);
                continue;
            }
            switch (type)
            {
                case StunConstants.AttrUsername:
                    info.UsernameOffset = valueStart;
                    info.UsernameLength = len;
                    break;
                case StunConstants.AttrMessageIntegrity:
                    if (len != 20)
                    {
                        return false;
                    }
                    info.MessageIntegrityOffset = pos;
                    break;
                case StunConstants.AttrFingerprint:
                    if (len != 4)
                    {
                        return false;
                    }
                    info.FingerprintOffset = pos;
                    break;
                case StunConstants.AttrXorMappedAddress:
                    info.XorMappedAddressOffset = valueStart;
                    info.XorMappedAddressLength = len;
                    break;
                case StunConstants.AttrUseCandidate:
                    info.UseCandidate = true;
                    break;
                case StunConstants.AttrIceControlling:
                    info.IceControlling = true;
                    break;
                case StunConstants.AttrIceControlled:
                    info.IceControlled = true;
                    break;
                case StunConstants.AttrPriority:
                    if (len == 4)
                    {
                        info.Priority = BinaryPrimitives.ReadUInt32BigEndian(msg.Slice(valueStart));
                    }
                    break;
                default:
                    // RFC 8489 §14: 0x0000-0x7FFF are comprehension-required.
                    if (type < 0x8000 && type != StunConstants.AttrSoftware && type != StunConstants.AttrMappedAddress &&
                        type != StunConstants.AttrErrorCode)
                    {
                        info.HasUnknownRequired = true;
                    }
                    break;
            }
            pos = valueStart + ((len + 3) & ~3);
        }
        return pos == info.Length;
    }

    /// <summary>The USERNAME's part before the colon: for an ICE check that is our own ufrag (RFC 8445 §7.2.2).</summary>
    public static ReadOnlySpan<byte> LocalUfrag(ReadOnlySpan<byte> msg, in StunMessageInfo info)
    {
        if (info.UsernameOffset < 0)
        {
            return default;
        }
        var username = msg.Slice(info.UsernameOffset, info.UsernameLength);
        int colon = username.IndexOf((byte)':');
        return colon < 0 ? username : username.Slice(0, colon);
    }

    /// <summary>
    /// RFC 8489 §14.5: HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, with the header length
    /// adjusted to end just after it. Short-term credentials: the key is the password's UTF-8 bytes (§9.1).
    /// </summary>
    public static bool VerifyMessageIntegrity(ReadOnlySpan<byte> msg, in StunMessageInfo info, ReadOnlySpan<byte> key)
    {
        int mi = info.MessageIntegrityOffset;
        if (mi < 0)
        {
            return false;
        }
        Span<byte> mac = stackalloc byte[20];
        ComputeIntegrity(msg.Slice(0, mi), key, mac);
        return CryptographicOperations.FixedTimeEquals(mac, msg.Slice(mi + 4, 20));
    }

    /// <summary>HMAC-SHA1 of <paramref name="prefix"/> (header + attributes before MI) with the length patched to include MI.</summary>
    internal static void ComputeIntegrity(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        prefix.Slice(0, StunConstants.HeaderLength).CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header.Slice(2), (ushort)(prefix.Length - StunConstants.HeaderLength + 24));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
        hmac.AppendData(header);
        hmac.AppendData(prefix.Slice(StunConstants.HeaderLength));
        hmac.GetHashAndReset(mac);
    }

    /// <summary>RFC 8489 §14.7: CRC-32 of everything before FINGERPRINT, XOR 0x5354554E; the header length already counts it.</summary>
    public static bool VerifyFingerprint(ReadOnlySpan<byte> msg, in StunMessageInfo info)
    {
        int fp = info.FingerprintOffset;
        if (fp < 0 || fp + 8 != info.Length)
        {
            return false;
        }
        uint expected = Crc32.Compute(msg.Slice(0, fp)) ^ StunConstants.FingerprintXor;
        return BinaryPrimitives.ReadUInt32BigEndian(msg.Slice(fp + 4)) == expected;
    }

    /// <summary>Decodes XOR-MAPPED-ADDRESS (RFC 8489 §14.2); allocates, so for clients and tests.</summary>
    public static bool TryReadXorMappedAddress(ReadOnlySpan<byte> msg, in StunMessageInfo info, out IPEndPoint? endPoint)
    {
        endPoint = null;
        int off = info.XorMappedAddressOffset;
        if (off < 0 || info.XorMappedAddressLength < 8)
        {
            return false;
        }
        var value = msg.Slice(off, info.XorMappedAddressLength);
        int port = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(2)) ^ (int)(StunConstants.MagicCookie >> 16);
        Span<byte> addr = stackalloc byte[16];
        int addrLen;
        if (value[1] == 1)
        {
            addrLen = 4;
        }
        else if (value[1] == 2 && value.Length >= 20)
        {
            addrLen = 16;
        }
        else
        {
            return false;
        }
        for (int i = 0; i < addrLen; i++)
        {
            // The address is XOR'ed with the cookie and then the transaction id (bytes 4..19 of the header).
            addr[i] = (byte)(value[4 + i] ^ msg[4 + i]);
        }
        endPoint = new IPEndPoint(new IPAddress(addr.Slice(0, addrLen)), port);
        return true;
    }
}

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
