using Stagecast.Ingest.Tests.Loopback;
using Stagecast.Media.Rtmp;

namespace Stagecast.Ingest.Tests.Rtmp;

/// <summary>
/// Seeded fuzzing of the RTMP parsers (100,000 inputs each, mutations of a real publisher's bytes and random
/// bytes): nothing but <see cref="RtmpProtocolException"/> escapes and every input finishes (a guard time bounds the run).
/// </summary>
public class RtmpFuzzTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ChunkStream_InPieces_ThroughCommandsAndMedia()
    {
        var corpus = new List<byte[]> { FlvSamples.PublisherChunkStream() };
        await Task.Run(() => FuzzTests.Run(1601, corpus, input =>
        {
            var rng = new Random(input.Length);
            var reader = new RtmpChunkReader(maxMessageSize: 1 << 20);
            var handler = new ParsingHandler();
            var pending = new List<byte>();
            try
            {
                for (var i = 0; i < input.Length;)
                {
                    var n = Math.Min(rng.Next(1, 600), input.Length - i);
                    pending.AddRange(input.AsSpan(i, n).ToArray());
                    i += n;
                    var used = reader.Read(pending.ToArray(), handler);
                    Assert.InRange(used, 0, pending.Count);
                    pending.RemoveRange(0, used);
                    Assert.True(pending.Count < RtmpChunkReader.MaxHeaderSize, "the reader must never need more than a header's bytes buffered");
                }
            }
            catch (RtmpProtocolException)
            {
            }
        })).WaitAsync(Guard);
    }

    [Fact]
    public async Task Amf0Values()
    {
        var corpus = new List<byte[]>
        {
            new Amf0Writer().String("connect").Number(1).Object(new Dictionary<string, object?> { ["app"] = "live", ["x"] = new object?[] { 1.0, "a" } }).WrittenSpan.ToArray(),
            new Amf0Writer().String("@setDataFrame").EcmaArray(new Dictionary<string, object?> { ["w"] = 1.0, ["b"] = true }).Null().WrittenSpan.ToArray(),
        };
        await Task.Run(() => FuzzTests.Run(1602, corpus, input =>
        {
            try
            {
                Amf0Reader.ReadAll(input);
            }
            catch (RtmpProtocolException)
            {
            }
        })).WaitAsync(Guard);
    }

    [Fact]
    public async Task FlvTags()
    {
        var (sps, pps, idr) = FlvSamples.FirstPicture();
        var config = FlvSamples.AvcConfig(sps, pps);
        var corpus = new List<byte[]> { config, FlvSamples.AvcPicture(true, 33, new[] { idr }), FlvSamples.AacConfig, new byte[] { 0xAF, 1, 1, 2, 3 } };
        corpus.Add(FlvSamples.AvcPicture(false, 0, new[] { new byte[] { 0x41, 1, 2 } }, 2));
        await Task.Run(() => FuzzTests.Run(1603, corpus, input =>
        {
            var sink = new RecordingSink();
            var demuxer = new FlvDemuxer(sink, () => DateTimeOffset.UnixEpoch);
            try
            {
                demuxer.OnVideo(0, config);
                demuxer.OnAudio(0, FlvSamples.AacConfig);
                if (input.Length > 0 && (input[0] >> 4) is 10 or 9 or 2) demuxer.OnAudio(40, input);
                else demuxer.OnVideo(40, input);
            }
            catch (RtmpProtocolException)
            {
            }

            foreach (var (_, data) in sink.Units) Assert.NotNull(data);
        })).WaitAsync(Guard);
    }

    /// <summary>Does what the connection does with each message: AMF0 for commands and data, FLV for media.</summary>
    private sealed class ParsingHandler : IRtmpMessageHandler
    {
        private readonly FlvDemuxer _demuxer = new(new RecordingSink(), () => DateTimeOffset.UnixEpoch);

        public bool OnMessage(in RtmpMessage message)
        {
            switch (message.TypeId)
            {
                case RtmpMessageType.CommandAmf0 or RtmpMessageType.DataAmf0:
                    Amf0Reader.ReadAll(message.Payload.Span);
                    break;
                case RtmpMessageType.Video:
                    _demuxer.OnVideo(message.Timestamp, message.Payload.Span);
                    break;
                case RtmpMessageType.Audio:
                    _demuxer.OnAudio(message.Timestamp, message.Payload.Span);
                    break;
            }

            return true;
        }
    }
}
