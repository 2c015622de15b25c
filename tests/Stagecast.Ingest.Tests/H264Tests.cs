using Stagecast.Ingest.Tests.Loopback;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.H264;
using Stagecast.Media.Rtp;

namespace Stagecast.Ingest.Tests;

public class H264Tests
{
    internal sealed class Output : IDepacketizerOutput
    {
        public List<TrackConfig> Configs { get; } = [];
        public List<(long Ts, bool Key, byte[] Data)> Frames { get; } = [];
        public int Lost;

        public void OnTrackConfig(TrackConfig config) => Configs.Add(config);
        public void OnFrame(int trackId, long timestamp, uint rtpTimestamp, bool keyframe, ReadOnlyMemory<byte> data) =>
            Frames.Add((timestamp, keyframe, data.ToArray()));
        public void OnPictureLost(int trackId) => Lost++;
    }

    internal static void Feed(H264Depacketizer d, byte[] packet)
    {
        Assert.True(RtpPacket.TryParse(packet, out var p));
        d.Push(p, packet.AsSpan(p.PayloadOffset, p.PayloadLength));
    }

    [Theory]
    [InlineData(320, 240)]
    [InlineData(1280, 720)]
    [InlineData(1920, 1080)]
    public void SpsParser_ReadsTheCroppedSize_OfFfmpegOutput(int width, int height)
    {
        var units = H264TestSource.AccessUnits(width, height, 1);
        var sps = units[0].First(n => (n[0] & 0x1F) == 7);
        Assert.True(SpsParser.TryParse(sps, out var info));
        Assert.Equal((width, height), (info.Width, info.Height));
        Assert.Equal(66, info.ProfileIdc);
    }

    [Fact]
    public void StapAAndFuA_Reassemble_IntoAvccAccessUnits()
    {
        var units = H264TestSource.AccessUnits(320, 240, 10);
        var output = new Output();
        var d = new H264Depacketizer(1, output);
        ushort seq = 0;
        uint ts = 0;
        foreach (var unit in units)
        {
            var packets = H264TestSource.Packetize(unit, 96, seq, ts, 1, mtu: 300); // small MTU: many FU-A
            packets.ForEach(p => Feed(d, p));
            seq += (ushort)packets.Count;
            ts += 3000;
        }
        Assert.Single(output.Configs);
        Assert.Equal(units.Count, output.Frames.Count);
        for (int i = 0; i < units.Count; i++)
        {
            // The packetizer moves SPS/PPS into a leading STAP-A, so compare as sets of NAL units,
            // and the picture's own NAL units (neither SPS nor PPS) in their order.
            var got = SplitAvcc(output.Frames[i].Data);
            Assert.Equal(units[i].Select(Convert.ToHexString).Order(), got.Select(Convert.ToHexString).Order());
            Assert.Equal(units[i].Where(n => !IsParameterSet(n)).Select(Convert.ToHexString), got.Where(n => !IsParameterSet(n)).Select(Convert.ToHexString));
            Assert.Equal(i * 3000L, output.Frames[i].Ts);
        }
        Assert.True(output.Frames[0].Key);
        Assert.Equal(0, output.Lost);
    }

    [Fact]
    public void LostPacket_DropsThePicture_AsksForPli_AndWaitsForTheNextIdr()
    {
        var units = H264TestSource.AccessUnits(320, 240, 40, gop: 20);
        var output = new Output();
        var d = new H264Depacketizer(1, output);
        ushort seq = 65000; // wraps during the clip
        uint ts = uint.MaxValue - 30000; // wraps too
        for (int i = 0; i < units.Count; i++)
        {
            var packets = H264TestSource.Packetize(units[i], 96, seq, ts, 1, mtu: 400);
            for (int j = 0; j < packets.Count; j++)
            {
                if (i == 5 && j == 0)
                {
                    continue; // lose one packet of picture 5
                }
                Feed(d, packets[j]);
            }
            seq += (ushort)packets.Count;
            ts += 3000;
        }
        // Pictures 5..19 are undecodable (5 is damaged, 6..19 reference it); 20 is the next IDR.
        Assert.Equal(5 + 20, output.Frames.Count);
        Assert.True(output.Lost >= 1);
        Assert.True(output.Frames[5].Key);
        // Timestamps are unwrapped past 2^32 and stay monotonic.
        Assert.True(output.Frames.Zip(output.Frames.Skip(1)).All(p => p.Second.Ts > p.First.Ts));
        Assert.True(output.Frames[^1].Ts > uint.MaxValue);
    }

    [Fact]
    public void ChangedSps_IsSentAgainAsTrackConfig()
    {
        var small = H264TestSource.AccessUnits(320, 240, 2);
        var large = H264TestSource.AccessUnits(640, 360, 2);
        var output = new Output();
        var d = new H264Depacketizer(1, output);
        ushort seq = 0;
        uint ts = 0;
        foreach (var unit in small.Concat(large))
        {
            var packets = H264TestSource.Packetize(unit, 96, seq, ts, 1);
            packets.ForEach(p => Feed(d, p));
            seq += (ushort)packets.Count;
            ts += 3000;
        }
        Assert.Equal([(320, 240), (640, 360)], output.Configs.Select(c => (c.Width, c.Height)));
        Assert.Equal(4, output.Frames.Count);
    }

    private static bool IsParameterSet(byte[] nal) => (nal[0] & 0x1F) is 7 or 8;

    /// <summary>Splits AVCC data (4-byte big-endian lengths) into its NAL units.</summary>
    internal static List<byte[]> SplitAvcc(ReadOnlySpan<byte> data)
    {
        var nals = new List<byte[]>();
        while (data.Length > 0)
        {
            Assert.True(data.Length >= 4, "a truncated AVCC length");
            int length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data);
            Assert.True(length > 0 && length <= data.Length - 4, $"an AVCC length {length} beyond the data");
            nals.Add(data.Slice(4, length).ToArray());
            data = data[(4 + length)..];
        }
        return nals;
    }
}
