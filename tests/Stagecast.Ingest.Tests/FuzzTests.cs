using System.Buffers.Binary;
using System.Text;
using Stagecast.Ingest.Tests.Loopback;
using Stagecast.Ingest.Tests.Sdp;
using Stagecast.Media.Dtls;
using Stagecast.Media.H264;
using Stagecast.Media.Rtcp;
using Stagecast.Media.Rtp;
using Stagecast.Media.Sdp;
using Stagecast.Media.Srtp;
using Stagecast.Media.Stun;

namespace Stagecast.Ingest.Tests;

/// <summary>
/// Seeded fuzzing: 100,000 inputs per parser, three in four mutations of valid packets and one in four
/// random bytes. Passing means no exception escaped and the parsers kept their own invariants.
/// </summary>
public class FuzzTests
{
    private const int Inputs = 100_000;

    internal static void Run(int seed, IReadOnlyList<byte[]> corpus, Action<byte[]> target)
    {
        var rng = new Random(seed);
        for (int i = 0; i < Inputs; i++)
        {
            byte[] input = i % 4 == 3 ? RandomBytes(rng) : Mutate(rng, corpus[rng.Next(corpus.Count)]);
            try
            {
                target(input);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}, input #{i} ({Convert.ToHexString(input)}) threw {e}");
            }
        }
    }

    private static byte[] RandomBytes(Random rng)
    {
        var b = new byte[rng.Next(0, 1500)];
        rng.NextBytes(b);
        return b;
    }

    private static byte[] Mutate(Random rng, byte[] original)
    {
        var data = new List<byte>(original);
        int ops = rng.Next(1, 5);
        for (int op = 0; op < ops; op++)
        {
            int pos = data.Count == 0 ? 0 : rng.Next(data.Count);
            switch (rng.Next(7))
            {
                case 0 when data.Count > 0:
                    data[pos] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[pos] = (byte)rng.Next(256);
                    break;
                case 2 when data.Count > 0:
                    data[pos] = (byte)(rng.Next(4) switch { 0 => 0, 1 => 0xFF, 2 => 0x7F, _ => 0x80 });
                    break;
                case 3:
                    data.RemoveRange(pos, data.Count - pos);
                    break;
                case 4:
                    var extra = new byte[rng.Next(1, 64)];
                    rng.NextBytes(extra);
                    data.InsertRange(pos, extra);
                    break;
                case 5 when data.Count > 1:
                    int len = rng.Next(1, Math.Min(64, data.Count - pos) + 1);
                    data.InsertRange(pos, data.GetRange(pos, Math.Min(len, data.Count - pos)));
                    break;
                case 6 when data.Count > 0:
                    data.RemoveRange(pos, Math.Min(rng.Next(1, 16), data.Count - pos));
                    break;
            }
        }
        return data.ToArray();
    }

    [Fact]
    public void Stun_100kMalformedInputs()
    {
        var key = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");
        var request = new byte[200];
        var w = new StunWriter(request, StunConstants.BindingRequest, new byte[12]);
        w.AddAttribute(StunConstants.AttrUsername, "abcd:efgh"u8);
        w.AddUInt32(StunConstants.AttrPriority, 1);
        w.AddAttribute(StunConstants.AttrUseCandidate, []);
        w.AddMessageIntegrity(key);
        w.AddFingerprint();
        var corpus = new List<byte[]> { request.AsSpan(0, w.Length).ToArray() };
        corpus.Add(Hex.Parse("0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643" +
                             "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96"));
        Run(5769, corpus, input =>
        {
            if (StunMessage.TryParse(input, out var info))
            {
                Assert.True(info.Length <= input.Length);
                StunMessage.VerifyMessageIntegrity(input, info, key);
                StunMessage.VerifyFingerprint(input, info);
                StunMessage.LocalUfrag(input, info);
                StunMessage.TryReadXorMappedAddress(input, info, out _);
            }
        });
    }

    [Fact]
    public void Sdp_100kMalformedOffers()
    {
        var corpus = new List<byte[]> { Encoding.UTF8.GetBytes(Offers.Chromium), Encoding.UTF8.GetBytes(Offers.Obs) };
        var local = new AnswerParameters("abcd", "0123456789012345678901", "AA", [("127.0.0.1", 1)]);
        int accepted = 0;
        Run(8866, corpus, input =>
        {
            var refusal = OfferNegotiator.Negotiate(Encoding.UTF8.GetString(input), out var offer, out var reason);
            if (refusal == OfferRefusal.None)
            {
                accepted++;
                Assert.NotNull(offer);
                Assert.True(offer.Audio is not null || offer.Video is not null);
                OfferNegotiator.BuildAnswer(offer, local, 1);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(reason));
            }
        });
        Assert.True(accepted > 0);
    }

    [Fact]
    public void DtlsRecord_100kMalformedDatagrams()
    {
        // A handshake record (ClientHello header only) and a two-record flight (CCS + encrypted Finished).
        var corpus = new List<byte[]>
        {
            Hex.Parse("16FEFF000000000000000000 1C 010000100000000000000010FEFD0000000000000000000000"),
            Hex.Parse("14FEFD0000000000000005 0001 01 16FEFD0001000000000000 0010 00112233445566778899AABBCCDDEEFF"),
        };
        Run(6347, corpus, input =>
        {
            bool ok = DtlsRecord.IsWellFormedDatagram(input);
            if (ok)
            {
                Assert.True(DtlsRecord.TryReadHeader(input, out byte type, out _, out _, out int len));
                Assert.InRange(type, (byte)20, (byte)25);
                Assert.True(len + DtlsRecord.HeaderLength <= input.Length);
            }
        });
    }

    [Fact]
    public void RtpAndSrtp_100kMalformedPackets()
    {
        var keys = SrtpTests.TestKeys(SrtpProfile.AesCm128HmacSha1_80);
        using var sender = new SrtpContext(keys);
        using var receiver = new SrtpContext(keys);
        var corpus = new List<byte[]>();
        var buffer = new byte[1600];
        for (int i = 0; i < 20; i++)
        {
            int len = SrtpTests.MakeRtp(buffer, (ushort)i, (uint)i * 3000, 9, 10 + i * 50, (byte)i);
            corpus.Add(buffer.AsSpan(0, len).ToArray());
            int plen = sender.ProtectRtp(buffer, len);
            corpus.Add(buffer.AsSpan(0, plen).ToArray());
        }
        corpus.Add(Hex.Parse("B1E0 0001 00000002 00000003 00000004 BEDE0001 11223344 AABBCC 0002"));
        Run(3550, corpus, input =>
        {
            if (RtpPacket.TryParse(input, out var p))
            {
                Assert.True(p.PayloadOffset + p.PayloadLength <= input.Length);
                Assert.True(p.PayloadLength >= 0);
            }
            var copy = (byte[])input.Clone();
            var result = receiver.UnprotectRtp(copy, out int outLen);
            Assert.True(result != SrtpError.None || outLen <= input.Length);
        });
    }

    [Fact]
    public void RtcpAndSrtcp_100kMalformedPackets()
    {
        var keys = SrtpTests.TestKeys(SrtpProfile.AesCm128HmacSha1_80);
        using var sender = new SrtpContext(keys);
        using var receiver = new SrtpContext(keys);
        var compound = Hex.Parse(@"
            81 C8 00 0C 00 00 12 34 E8 A0 00 00 80 00 00 00 00 01 E2 40 00 00 00 0A 00 00 03 E8
            00 00 56 78 01 00 00 02 00 00 10 00 00 00 00 05 00 00 00 00 00 00 00 00
            81 CA 00 03 00 00 12 34 01 04 74 65 73 74 00 00 81 CB 00 01 00 00 12 34");
        var buffer = new byte[256];
        compound.CopyTo(buffer, 0);
        int plen = sender.ProtectRtcp(buffer, compound.Length);
        var corpus = new List<byte[]> { compound, buffer.AsSpan(0, plen).ToArray(), Hex.Parse("81CE00020000000100000002") };
        var handler = new NullRtcpHandler();
        Run(4585, corpus, input =>
        {
            RtcpReader.Read(input, handler);
            var copy = (byte[])input.Clone();
            if (receiver.UnprotectRtcp(copy, out int len) == SrtpError.None)
            {
                RtcpReader.Read(copy.AsSpan(0, len), handler);
            }
        });
    }

    [Fact]
    public void H264Depacketizer_100kMalformedPayloads()
    {
        var units = H264TestSource.AccessUnits(320, 240, 12, gop: 6);
        var corpus = new List<byte[]>();
        ushort seq = 0;
        uint ts = 0;
        foreach (var unit in units)
        {
            var packets = H264TestSource.Packetize(unit, 96, seq, ts, 1, mtu: 500);
            corpus.AddRange(packets);
            seq += (ushort)packets.Count;
            ts += 3000;
        }
        var sps = units[0].First(n => (n[0] & 0x1F) == 7);
        corpus.Add(Hex.Parse("80600000 00000000 00000001").Concat(sps).ToArray());
        var output = new H264Tests.Output();
        var depacketizer = new H264Depacketizer(1, output);
        ushort lastSeq = 0;
        Run(6184, corpus, input =>
        {
            if (RtpPacket.TryParse(input, out var p))
            {
                lastSeq = p.SequenceNumber;
                depacketizer.Push(p, input.AsSpan(p.PayloadOffset, p.PayloadLength));
                var payload = input.AsSpan(p.PayloadOffset, p.PayloadLength);
                if (payload.Length > 0 && (payload[0] & 0x1F) == 7 && SpsParser.TryParse(payload, out var info))
                {
                    Assert.True(info.Width > 0 && info.Height > 0);
                }
            }
        });
        // Afterwards a clean stream decodes again from its next IDR (the first picture after a gap is dropped).
        int before = output.Frames.Count;
        foreach (var original in corpus.Take(corpus.Count - 1))
        {
            // Renumber well ahead of the last fuzzed packet, so the clean packets are not taken as late ones.
            var packet = (byte[])original.Clone();
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(lastSeq + 5000 + BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2))));
            Assert.True(RtpPacket.TryParse(packet, out var p));
            depacketizer.Push(p, packet.AsSpan(p.PayloadOffset, p.PayloadLength));
        }
        Assert.Equal(units.Count - 6, output.Frames.Count - before);
        // Every frame that came out is well-formed AVCC.
        foreach (var frame in output.Frames)
        {
            int pos = 0;
            while (pos < frame.Data.Length)
            {
                int len = BinaryPrimitives.ReadInt32BigEndian(frame.Data.AsSpan(pos));
                Assert.True(len > 0 && pos + 4 + len <= frame.Data.Length);
                pos += 4 + len;
            }
        }
    }

    private sealed class NullRtcpHandler : IRtcpHandler
    {
        public void OnSenderReport(in SenderReportInfo report)
        {
            _ = report.NtpTime;
        }

        public void OnBye(uint ssrc)
        {
        }
    }
}
