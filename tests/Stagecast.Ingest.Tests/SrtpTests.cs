using System.Buffers.Binary;
using System.Security.Cryptography;
using Stagecast.Media.Srtp;

namespace Stagecast.Ingest.Tests;

public class SrtpTests
{
    [Fact]
    public void Rfc3711_B2_AesCmKeystream()
    {
        using var aes = Aes.Create();
        aes.Key = Hex.Parse("2B7E151628AED2A6ABF7158809CF4F3C");
        var iv = Hex.Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var ks = new byte[48];
        SrtpContext.AesCmKeystream(aes, iv, ks);
        Assert.Equal("E03EAD0935C95E80E166B16DD92B4EB4D23513162B02D0F72A43A2FE4A5F97AB41E95B3BB0A2E8DD477901E4FCA894C0",
            Convert.ToHexString(ks));

        var iv2 = Hex.Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF");
        var ks2 = new byte[48];
        SrtpContext.AesCmKeystream(aes, iv2, ks2);
        Assert.Equal("EC8CDF7398607CB0F2D21675EA9EA1E4362B7C3C6773516318A077D7FC5073AE6A2CC3787889374FBEB4C81B17BA6C44",
            Convert.ToHexString(ks2));
    }

    [Fact]
    public void Rfc3711_B3_KeyDerivation()
    {
        using var master = Aes.Create();
        master.Key = Hex.Parse("E1F97A0D3E018BE0D64FA32C06DE4139");
        var salt = Hex.Parse("0EC675AD498AFEEBB6960B3AABE6");
        var ke = new byte[16];
        var ks = new byte[14];
        var ka = new byte[94];
        SrtpContext.DeriveSessionKey(master, salt, 0, ke);
        SrtpContext.DeriveSessionKey(master, salt, 2, ks);
        SrtpContext.DeriveSessionKey(master, salt, 1, ka);
        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(ke));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(ks));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCEE049646C43D9327AD175578EF7227098" +
                     "6371C10C9A369AC2F94A8C5FBCDDDC256D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2",
            Convert.ToHexString(ka));
    }

    internal static SrtpMasterKeys TestKeys(SrtpProfile profile) => new(profile,
        Hex.Parse("E1F97A0D3E018BE0D64FA32C06DE4139"),
        Hex.Parse("0EC675AD498AFEEBB6960B3AABE6").AsSpan(0, SrtpMasterKeys.SaltLength(profile)).ToArray());

    internal static int MakeRtp(byte[] buffer, ushort seq, uint ts, uint ssrc, int payloadLength, byte fill)
    {
        buffer[0] = 0x80;
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ts);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        buffer.AsSpan(12, payloadLength).Fill(fill);
        return 12 + payloadLength;
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void RoundTrip_ProtectThenUnprotect(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestKeys(profile));
        using var receiver = new SrtpContext(TestKeys(profile));
        var buffer = new byte[1500];
        for (int i = 0; i < 50; i++)
        {
            int len = MakeRtp(buffer, (ushort)(1000 + i), 90000u * (uint)i, 0x1234, 100 + i * 7, (byte)i);
            var plain = buffer.AsSpan(0, len).ToArray();
            int protectedLength = sender.ProtectRtp(buffer, len);
            Assert.Equal(len + sender.RtpOverhead, protectedLength);
            Assert.False(buffer.AsSpan(12, len - 12).SequenceEqual(plain.AsSpan(12)));
            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out int outLen));
            Assert.Equal(plain, buffer.AsSpan(0, outLen).ToArray());
        }
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Srtcp_RoundTrip(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestKeys(profile));
        using var receiver = new SrtpContext(TestKeys(profile));
        var buffer = new byte[200];
        // A PLI: 81 CE 00 02 | sender SSRC | media SSRC.
        var pli = Hex.Parse("81CE0002 00000001 00001234");
        pli.CopyTo(buffer, 0);
        int len = sender.ProtectRtcp(buffer, pli.Length);
        Assert.Equal(pli.Length + sender.RtcpOverhead, len);
        Assert.Equal(SrtpError.None, receiver.UnprotectRtcp(buffer.AsSpan(0, len), out int outLen));
        Assert.Equal(pli, buffer.AsSpan(0, outLen).ToArray());
    }

    [Fact]
    public void Replay_IsRejected_AndTamperFailsAuth()
    {
        using var sender = new SrtpContext(TestKeys(SrtpProfile.AesCm128HmacSha1_80));
        using var receiver = new SrtpContext(TestKeys(SrtpProfile.AesCm128HmacSha1_80));
        var buffer = new byte[1500];
        int len = sender.ProtectRtp(buffer, MakeRtp(buffer, 7, 0, 99, 50, 1));
        var copy = buffer.AsSpan(0, len).ToArray();
        var tampered = buffer.AsSpan(0, len).ToArray();
        tampered[20] ^= 0x40;
        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(tampered, out _));
        Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer.AsSpan(0, len), out _));
        Assert.Equal(SrtpError.Replayed, receiver.UnprotectRtp(copy, out _));
    }

    [Fact]
    public void Roc_FollowsSequenceWrapAt65535_WithReordering()
    {
        using var sender = new SrtpContext(TestKeys(SrtpProfile.AesCm128HmacSha1_80));
        using var receiver = new SrtpContext(TestKeys(SrtpProfile.AesCm128HmacSha1_80));
        var buffer = new byte[1500];
        var packets = new List<byte[]>();
        for (int i = 0; i < 200; i++)
        {
            ushort seq = (ushort)(65400 + i); // wraps after 135 packets
            int len = sender.ProtectRtp(buffer, MakeRtp(buffer, seq, (uint)i, 5, 40, (byte)i));
            packets.Add(buffer.AsSpan(0, len).ToArray());
        }
        // Swap a few neighbours across the wrap to exercise ROC-1 estimation.
        (packets[135], packets[136]) = (packets[136], packets[135]);
        (packets[134], packets[137]) = (packets[137], packets[134]);
        foreach (var p in packets)
        {
            var plain = p.ToArray(); // keep the protected packet for the replay below
            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(plain, out int outLen));
            Assert.Equal(12 + 40, outLen);
            // The payload decrypted with the right rollover counter is the one that was sent for this sequence number.
            int sent = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(plain.AsSpan(2)) - 65400);
            Assert.Equal(Enumerable.Repeat((byte)sent, 40), plain.AsSpan(12, 40).ToArray());
        }
        // A stale packet from before the wrap, replayed, is refused.
        Assert.Equal(SrtpError.Replayed, receiver.UnprotectRtp(packets[10], out _));
    }

    [Theory]
    [InlineData(0u, (ushort)65000, (ushort)10, 1u)]
    [InlineData(1u, (ushort)10, (ushort)65000, 0u)]
    [InlineData(3u, (ushort)100, (ushort)200, 3u)]
    [InlineData(0u, (ushort)10, (ushort)65000, 0u)]
    public void Rfc3711_3_3_1_RocEstimation(uint roc, ushort sl, ushort seq, uint expected) =>
        Assert.Equal(expected, SrtpContext.EstimateRoc(roc, sl, seq));
}

public class SteadyPathAllocationTests
{
    /// <summary>STYLE.md: no allocation per packet on the steady path (SRTP unprotect + RTP parse + H.264 depacketize).</summary>
    [Fact]
    public void UnprotectAndDepacketize_AllocateNothingPerPacket()
    {
        var keys = SrtpTests.TestKeys(Stagecast.Media.Srtp.SrtpProfile.AesCm128HmacSha1_80);
        using var sender = new Stagecast.Media.Srtp.SrtpContext(keys);
        using var receiver = new Stagecast.Media.Srtp.SrtpContext(keys);
        var units = Loopback.H264TestSource.AccessUnits(320, 240, 30);
        var packets = new List<byte[]>();
        ushort seq = 0;
        uint ts = 0;
        for (int round = 0; round < 12; round++)
        {
            foreach (var unit in units)
            {
                foreach (var p in Loopback.H264TestSource.Packetize(unit, 96, seq, ts, 7))
                {
                    var buffer = new byte[p.Length + 16];
                    p.CopyTo(buffer, 0);
                    int len = sender.ProtectRtp(buffer, p.Length);
                    packets.Add(buffer.AsSpan(0, len).ToArray());
                    seq++;
                }
                ts += 3000;
            }
        }
        var output = new CountingOutput();
        var depacketizer = new Stagecast.Media.H264.H264Depacketizer(1, output);
        var work = new byte[2048];
        void Process(byte[] packet)
        {
            packet.CopyTo(work, 0);
            var span = work.AsSpan(0, packet.Length);
            if (receiver.UnprotectRtp(span, out int len) != Stagecast.Media.Srtp.SrtpError.None)
            {
                throw new InvalidOperationException("authentication failed");
            }
            Stagecast.Media.Rtp.RtpPacket.TryParse(span.Slice(0, len), out var rtp);
            depacketizer.Push(rtp, span.Slice(rtp.PayloadOffset, rtp.PayloadLength));
        }
        int half = packets.Count * 3 / 4;
        for (int i = 0; i < half; i++)
        {
            Process(packets[i]); // warm-up: buffers grow, SPS/PPS are cached, JIT
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = half; i < packets.Count; i++)
        {
            Process(packets[i]);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(output.Frames > units.Count, $"frames {output.Frames}, {allocated} bytes");
        Assert.True(allocated < 1024, $"{allocated} bytes allocated for {packets.Count - half} packets");
    }

    private sealed class CountingOutput : Stagecast.Media.H264.IDepacketizerOutput
    {
        public int Frames;
        public void OnTrackConfig(Stagecast.Media.AccessUnits.TrackConfig config) { }
        public void OnFrame(int trackId, long timestamp, uint rtpTimestamp, bool keyframe, ReadOnlyMemory<byte> data) => Frames++;
        public void OnPictureLost(int trackId) { }
    }
}

/// <summary>RFC 7714 §16.1 (AEAD_AES_128_GCM over session keys): "Gallia est omnis divisa in partes tres".</summary>
public class Rfc7714Tests
{
    private const string Plain = "8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private const string Protected = "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce";

    private static Stagecast.Media.Srtp.SrtpContext Context() => Stagecast.Media.Srtp.SrtpContext.FromSessionKeys(
        Stagecast.Media.Srtp.SrtpProfile.AeadAes128Gcm, Hex.Parse("000102030405060708090a0b0c0d0e0f"), Hex.Parse("517569642070726f2071756f"));

    [Fact]
    public void Rfc7714_16_1_1_Encryption()
    {
        using var context = Context();
        var buffer = new byte[200];
        var plain = Hex.Parse(Plain);
        plain.CopyTo(buffer, 0);
        int len = context.ProtectRtp(buffer, plain.Length);
        Assert.Equal(Protected, Convert.ToHexStringLower(buffer, 0, len));
    }

    [Fact]
    public void Rfc7714_16_1_2_Decryption()
    {
        using var context = Context();
        var packet = Hex.Parse(Protected);
        Assert.Equal(Stagecast.Media.Srtp.SrtpError.None, context.UnprotectRtp(packet, out int len));
        Assert.Equal(Plain, Convert.ToHexStringLower(packet, 0, len));
        var tampered = Hex.Parse(Protected);
        tampered[^1] ^= 1;
        using var fresh = Context();
        Assert.Equal(Stagecast.Media.Srtp.SrtpError.AuthenticationFailed, fresh.UnprotectRtp(tampered, out _));
    }
}
