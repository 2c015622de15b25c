using Stagecast.Ingest.Tests.Loopback;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Rtmp;

namespace Stagecast.Ingest.Tests.Rtmp;

/// <summary>FLV video/audio tag bodies (FLV 10.1 §E.4.2, §E.4.3) to access units.</summary>
public class FlvDemuxerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public void AvcSequenceHeaderAndPicture_BecomeConfigAndAvccUnit_WithCompositionOffset(int lengthSize)
    {
        var (sps, pps, idr) = FlvSamples.FirstPicture();
        var sink = new RecordingSink();
        var demuxer = new FlvDemuxer(sink, () => Now);
        demuxer.OnVideo(1000, FlvSamples.AvcConfig(sps, pps, lengthSize));
        var config = Assert.Single(sink.Configs);
        Assert.Equal(MediaCodec.H264, config.Codec);
        Assert.Equal((320, 240), (config.Width, config.Height));
        Assert.Equal(sps, config.Sps.ToArray());
        Assert.Equal(pps, config.Pps.ToArray());

        demuxer.OnVideo(1000, FlvSamples.AvcPicture(true, 66, [idr], lengthSize));
        demuxer.OnVideo(1033, FlvSamples.AvcPicture(false, 0, [[0x41, 0x9A, 0x01]], lengthSize));
        Assert.Equal(2, sink.Units.Count);
        var (unit, data) = sink.Units[0];
        Assert.True(unit.IsKeyframe);
        Assert.Equal(1000 * 90, unit.Timestamp);
        Assert.Equal(66 * 90, unit.CompositionOffset);
        Assert.Equal(Now, unit.CaptureTimeUtc);
        Assert.Equal(idr.Length, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data));
        Assert.Equal(idr, data[4..]);
        Assert.False(sink.Units[1].Unit.IsKeyframe);
        Assert.Equal(Now.AddMilliseconds(33), sink.Units[1].Unit.CaptureTimeUtc);
        Assert.Equal(new byte[] { 0, 0, 0, 3, 0x41, 0x9A, 0x01 }, sink.Units[1].Data);
    }

    [Fact]
    public void Aac_ConfigAndFrames_CountSamplesNotMilliseconds()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvDemuxer(sink, () => Now);
        demuxer.OnAudio(0, FlvSamples.AacConfig);
        var config = Assert.Single(sink.Configs);
        Assert.Equal((MediaCodec.Aac, 44_100, 2), (config.Codec, config.SampleRate, config.Channels));
        Assert.Equal(new byte[] { 0x12, 0x10 }, config.AudioSpecificConfig.ToArray());
        foreach (var ms in new uint[] { 0, 23, 46, 70, 2000 }) demuxer.OnAudio(ms, [0xAF, 1, 0x21, (byte)ms]);
        Assert.Equal(new long[] { 0, 1024, 2048, 3072, 88_200 }, sink.Units.Select(u => u.Unit.Timestamp)); // a jump resyncs to the clock
        Assert.Equal(new byte[] { 0x21, 23 }, sink.Units[1].Data);
    }

    [Fact]
    public void TimestampWrap_StaysMonotonic()
    {
        var (sps, pps, idr) = FlvSamples.FirstPicture();
        var sink = new RecordingSink();
        var demuxer = new FlvDemuxer(sink, () => Now);
        demuxer.OnVideo(0, FlvSamples.AvcConfig(sps, pps));
        demuxer.OnVideo(uint.MaxValue - 10, FlvSamples.AvcPicture(true, 0, [idr]));
        demuxer.OnVideo(22, FlvSamples.AvcPicture(false, 0, [[0x41, 1]]));
        Assert.Equal(33L * 90, sink.Units[1].Unit.Timestamp - sink.Units[0].Unit.Timestamp);
    }

    [Theory]
    [InlineData(new byte[] { 0x9C, (byte)'h', (byte)'v', (byte)'c', (byte)'1' }, "Enhanced RTMP")]
    [InlineData(new byte[] { 0x92, (byte)'a', (byte)'v', (byte)'0', (byte)'1' }, "Enhanced RTMP")]
    [InlineData(new byte[] { 0x12, 0, 0, 0, 0 }, "codec 2")] // Sorenson H.263
    public void OtherVideo_RefusedAsUnsupported(byte[] tag, string fragment)
    {
        var e = Assert.Throws<RtmpProtocolException>(() => new FlvDemuxer(new RecordingSink(), () => Now).OnVideo(0, tag));
        Assert.True(e.Unsupported);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Mp3_RefusedAsUnsupported() =>
        Assert.True(Assert.Throws<RtmpProtocolException>(() => new FlvDemuxer(new RecordingSink(), () => Now).OnAudio(0, [0x2F, 0xFF])).Unsupported);

    [Fact]
    public void NalLengthBeyondTag_Refused()
    {
        var (sps, pps, _) = FlvSamples.FirstPicture();
        var demuxer = new FlvDemuxer(new RecordingSink(), () => Now);
        demuxer.OnVideo(0, FlvSamples.AvcConfig(sps, pps));
        Assert.Throws<RtmpProtocolException>(() => demuxer.OnVideo(0, [0x17, 1, 0, 0, 0, 0, 0, 1, 0, 0x65]));
    }
}
