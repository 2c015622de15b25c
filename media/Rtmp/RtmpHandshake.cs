using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Stagecast.Media.Rtmp;

/// <summary>
/// The server side of the simple RTMP handshake (RTMP 1.0 §5.2). S1 carries zero in its version field, which
/// tells FFmpeg and librtmp (OBS) clients not to expect the digest scheme; S2 echoes C1.
/// </summary>
public static class RtmpHandshake
{
    public const int Version = 3;
    public const int PacketSize = 1536;

    /// <summary>C0 + C1: what the server reads first.</summary>
    public const int ClientHelloSize = 1 + PacketSize;

    /// <summary>S0 + S1 + S2: the server's answer.</summary>
    public const int ServerHelloSize = 1 + 2 * PacketSize;

    /// <summary>Checks C0 and writes S0, S1 and S2 into <paramref name="s0s1s2"/>.</summary>
    public static void WriteServerHello(ReadOnlySpan<byte> c0c1, Span<byte> s0s1s2, uint uptimeMs)
    {
        if (c0c1.Length < ClientHelloSize) throw new RtmpProtocolException("Handshake C0+C1 truncated.");
        if (c0c1[0] != Version)
        {
            // 6 would be RTMPE (encrypted), anything else is not RTMP at all.
            throw new RtmpProtocolException($"RTMP version {c0c1[0]} is not supported (only 3: plain RTMP).", unsupported: c0c1[0] == 6);
        }

        if (s0s1s2.Length < ServerHelloSize) throw new ArgumentException("Buffer too small.", nameof(s0s1s2));
        s0s1s2[0] = Version;
        var s1 = s0s1s2.Slice(1, PacketSize);
        BinaryPrimitives.WriteUInt32BigEndian(s1, uptimeMs);
        s1.Slice(4, 4).Clear();
        RandomNumberGenerator.Fill(s1[8..]);
        c0c1.Slice(1, PacketSize).CopyTo(s0s1s2.Slice(1 + PacketSize, PacketSize));
    }
}
