using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Stagecast.Media.Stun;

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
