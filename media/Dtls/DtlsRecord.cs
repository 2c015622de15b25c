using System.Buffers.Binary;

namespace Stagecast.Media.Dtls;

/// <summary>
/// DTLS record header checks (RFC 6347 §4.1) done before a datagram reaches BouncyCastle, so junk that
/// merely starts with a byte in 20..63 (RFC 7983) is dropped cheaply instead of queued.
/// </summary>
public static class DtlsRecord
{
    public const int HeaderLength = 13;

    /// <summary>Reads one record header: content type, version, epoch, 48-bit sequence, length.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, out byte contentType, out ushort epoch, out long sequence, out int length)
    {
        contentType = 0;
        epoch = 0;
        sequence = 0;
        length = 0;
        if (data.Length < HeaderLength)
        {
            return false;
        }
        contentType = data[0];
        // change_cipher_spec 20, alert 21, handshake 22, application_data 23, heartbeat 24, tls12_cid 25.
        if (contentType is < 20 or > 25)
        {
            return false;
        }
        // DTLS 1.0 is FE FF, 1.2 is FE FD (the ClientHello record may say 1.0).
        if (data[1] != 0xFE || (data[2] != 0xFF && data[2] != 0xFD))
        {
            return false;
        }
        epoch = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(3));
        sequence = (long)(BinaryPrimitives.ReadUInt64BigEndian(data.Slice(3)) & 0xFFFFFFFFFFFF);
        length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(11));
        return HeaderLength + length <= data.Length;
    }

    /// <summary>True when the datagram is a sequence of whole DTLS records and nothing else.</summary>
    public static bool IsWellFormedDatagram(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return false;
        }
        int pos = 0;
        int records = 0;
        while (pos < data.Length)
        {
            if (!TryReadHeader(data.Slice(pos), out _, out _, out _, out int length) || ++records > 32)
            {
                return false;
            }
            pos += HeaderLength + length;
        }
        return true;
    }
}
