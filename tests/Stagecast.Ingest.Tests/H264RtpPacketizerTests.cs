using System.Buffers.Binary;
using Stagecast.Ingest.Tests.Loopback;
using Stagecast.Media.H264;

namespace Stagecast.Ingest.Tests;

/// <summary>
/// WHEP for RTMP rooms packetizes AVCC access units to RTP (RFC 6184); our own depacketizer (the WHIP ingest's, tested
/// against Chromium) must get every picture back whole, with the SPS/PPS that RTMP sends only in its sequence header.
/// </summary>
public class H264RtpPacketizerTests
{
    [Fact]
    public void AvccAccessUnits_RoundTripThroughTheDepacketizer_WithParameterSetsBeforeEachKeyframe()
    {
        var units = H264TestSource.AccessUnits(320, 240, 40, gop: 20);
        var sps = units[0].First(n => (n[0] & 0x1F) == 7);
        var pps = units[0].First(n => (n[0] & 0x1F) == 8);
        var packetizer = new H264RtpPacketizer(1234, 96, maxPayload: 300); // small payloads: many FU-A fragments
        var output = new H264Tests.Output();
        var depacketizer = new H264Depacketizer(1, output);
        var markers = 0;
        var fragmented = false;
        uint timestamp = 90_000;
        foreach (var unit in units)
        {
            var pictures = unit.Where(n => (n[0] & 0x1F) is not (7 or 8)).ToList(); // RTMP: parameter sets out of band
            var keyframe = pictures.Any(n => (n[0] & 0x1F) == 5);
            var count = packetizer.Packetize(Avcc(pictures), timestamp, keyframe, sps, pps, (packet, sequence, payload) =>
            {
                Assert.True(packet.Length <= 12 + 300);
                Assert.Equal(sequence, BinaryPrimitives.ReadUInt16BigEndian(packet[2..]));
                Assert.Equal(timestamp, BinaryPrimitives.ReadUInt32BigEndian(packet[4..]));
                Assert.Equal(1234u, BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
                if ((packet[1] & 0x80) != 0) markers++;
                Assert.Equal(payload.ToArray(), packet[12..].ToArray());
                H264Tests.Feed(depacketizer, packet.ToArray());
            });
            Assert.True(count >= pictures.Count + (keyframe ? 2 : 0), $"{count} packets for {pictures.Count} NAL units");
            fragmented |= count > pictures.Count + (keyframe ? 2 : 0);
            timestamp += 3000;
        }

        Assert.True(fragmented, "a 300-byte payload limit must fragment the larger pictures (FU-A)");
        Assert.Equal(units.Count, markers); // one marker per access unit, on its last packet
        Assert.Equal(units.Count, output.Frames.Count);
        Assert.Equal(0, output.Lost);
        Assert.Equal((320, 240), (output.Configs[0].Width, output.Configs[0].Height));
        for (int i = 0; i < units.Count; i++)
        {
            Assert.Equal(i % 20 == 0, output.Frames[i].Key);
            var got = H264Tests.SplitAvcc(output.Frames[i].Data).Select(Convert.ToHexString).ToList();
            var want = units[i].Where(n => i % 20 == 0 || (n[0] & 0x1F) is not (7 or 8)).Select(Convert.ToHexString).ToList();
            Assert.Equal(want.Order(), got.Order());
            Assert.Equal(90_000 + i * 3000L, output.Frames[i].Ts);
        }
    }

    [Fact]
    public void MalformedLengthPrefix_EndsTheUnit_WithoutReadingPastIt()
    {
        var packetizer = new H264RtpPacketizer(1, 96);
        var packets = 0;
        byte[] broken = [0, 0, 0, 2, 0x41, 0x9A, 0xFF, 0xFF, 0xFF, 0xF0, 0x41];
        Assert.Equal(1, packetizer.Packetize(broken, 0, false, [], [], (_, _, _) => packets++));
        Assert.Equal(1, packets);
        Assert.Equal(0, packetizer.Packetize([0, 0, 0], 0, true, [], [], (_, _, _) => packets++));
    }

    private static byte[] Avcc(IEnumerable<byte[]> nals)
    {
        using var stream = new MemoryStream();
        foreach (var nal in nals)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)nal.Length);
            stream.Write(length);
            stream.Write(nal);
        }

        return stream.ToArray();
    }
}
