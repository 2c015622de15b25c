using Stagecast.Media.Rtcp;
using Stagecast.Media.Rtp;

namespace Stagecast.Ingest.Tests;

public class RtcpTests
{
    private sealed class Handler : IRtcpHandler
    {
        public List<SenderReportInfo> Reports { get; } = [];
        public List<uint> Byes { get; } = [];
        public void OnSenderReport(in SenderReportInfo report) => Reports.Add(report);
        public void OnBye(uint ssrc) => Byes.Add(ssrc);
    }

    // SR (RFC 3550 §6.4.1) with one report block + SDES CNAME + BYE, as a compound packet.
    private static readonly byte[] Compound = Hex.Parse(@"
        81 C8 00 0C  00 00 12 34  E8 A0 00 00 80 00 00 00  00 01 E2 40  00 00 00 0A  00 00 03 E8
        00 00 56 78  01 00 00 02  00 00 10 00  00 00 00 05  00 00 00 00  00 00 00 00
        81 CA 00 03  00 00 12 34  01 04 74 65 73 74 00 00
        81 CB 00 01  00 00 12 34");

    [Fact]
    public void CompoundPacket_SenderReportSdesBye()
    {
        var h = new Handler();
        Assert.Equal(3, RtcpReader.Read(Compound, h));
        var sr = Assert.Single(h.Reports);
        Assert.Equal(0x1234u, sr.Ssrc);
        Assert.Equal(123456u, sr.RtpTimestamp);
        Assert.Equal(500, sr.NtpTime.Millisecond);
        Assert.Equal(0x00008000u, sr.NtpMiddle);
        Assert.Equal([0x1234u], h.Byes);
    }

    [Fact]
    public void TruncatedOrBadLength_IsRejected()
    {
        var h = new Handler();
        Assert.Equal(-1, RtcpReader.Read(Compound.AsSpan(0, 30), h));
        var bad = (byte[])Compound.Clone();
        bad[3] = 0x40;
        Assert.Equal(-1, RtcpReader.Read(bad, h));
    }

    [Fact]
    public void Writers_ProduceRfc4585AndRfc3550Layouts()
    {
        var buf = new byte[64];
        Assert.Equal(12, RtcpWriter.WritePli(buf, 1, 2));
        Assert.Equal("81CE00020000000100000002", Convert.ToHexString(buf, 0, 12));
        Assert.Equal(20, RtcpWriter.WriteFir(buf, 1, 2, 7));
        Assert.Equal("84CE0004000000010000000000000002" + "07000000", Convert.ToHexString(buf, 0, 20));
        Assert.Equal(16, RtcpWriter.WriteNack(buf, 1, 2, 100, 0x8001));
        Assert.Equal("81CD0003000000010000000200648001", Convert.ToHexString(buf, 0, 16));
        Assert.Equal(32, RtcpWriter.WriteReceiverReport(buf, 1, 2, 25, 3, 70000, 9, 0xAABBCCDD, 65536));
        Assert.Equal("81C90007000000010000000219000003000111700000000" + "9AABBCCDD00010000", Convert.ToHexString(buf, 0, 32));
        Assert.Equal(3, RtcpReader.Read(Hex.Parse("81C90007000000010000000219000003000111700000000" + "9AABBCCDD00010000" +
                                                  "81CE00020000000100000002" + "80C9000100000001"), new Handler()));
    }

    [Fact]
    public void ReceiveStatistics_CountLossAcrossTheWrap()
    {
        var stats = new ReceiveStatistics { Ssrc = 1, ClockRate = 90000 };
        ushort seq = 65530;
        for (int i = 0; i < 20; i++, seq++)
        {
            if (i is 3 or 9)
            {
                continue;
            }
            stats.Update(seq, (uint)(i * 3000), i * TimeSpan.TicksPerMillisecond * 33);
        }
        Assert.Equal(20, stats.Expected);
        Assert.Equal(2, stats.Lost);
        Assert.Equal(65536 + 13, stats.ExtendedHighestSequence);
        var (fraction, cumulative) = stats.TakeLoss();
        Assert.Equal(2 * 256 / 20, fraction);
        Assert.Equal(2, cumulative);
    }

    [Fact]
    public void RtpPacket_SkipsCsrcExtensionAndPadding()
    {
        // V=2 P=1 X=1 CC=1, PT 96 + marker, one CSRC, a one-word extension, 3 payload bytes, 2 padding bytes.
        var p = Hex.Parse("B1E0 0001 00000002 00000003 00000004 BEDE0001 11223344 AABBCC 0002");
        Assert.True(RtpPacket.TryParse(p, out var rtp));
        Assert.True(rtp.Marker);
        Assert.Equal(96, rtp.PayloadType);
        Assert.Equal(24, rtp.PayloadOffset);
        Assert.Equal(3, rtp.PayloadLength);
        Assert.False(RtpPacket.IsRtcp(p));
        Assert.True(RtpPacket.IsRtcp(Hex.Parse("81C8")));
    }
}
