using System.Buffers;
using Stagecast.Media.Rtmp;

namespace Stagecast.Ingest.Tests.Rtmp;

/// <summary>RTMP 1.0 §5.3 chunking: every header type, extended timestamps, chunk size changes, abort, limits.</summary>
public class RtmpChunkTests
{
    private static byte[] Payload(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public void WriterOutput_ReadBack_ByteByByteAndWhole_WithChunkSizeChangeAndExtendedTimestamps()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RtmpChunkWriter();
        var small = Payload(300, 1);
        var big = Payload(10_000, 2);
        writer.Write(output, 3, RtmpMessageType.CommandAmf0, 0, 0, small); // 128-byte chunks: fmt 0 + two fmt 3
        writer.Write(output, 2, RtmpMessageType.SetChunkSize, 0, 0, [0, 0, 0x10, 0]);
        writer.ChunkSize = 4096;
        writer.Write(output, 6, RtmpMessageType.Video, 1, 0x01000000, big); // extended timestamp on every chunk
        writer.Write(output, 70, RtmpMessageType.Audio, 1, 42, small); // two-byte basic header
        writer.Write(output, 400, RtmpMessageType.Audio, 1, 43, small); // three-byte basic header

        foreach (var step in new[] { 1, 7, output.WrittenCount })
        {
            var reader = new RtmpChunkReader();
            var collector = new RtmpMessageCollector();
            var data = output.WrittenSpan.ToArray();
            var pending = new List<byte>();
            for (var i = 0; i < data.Length; i += step)
            {
                pending.AddRange(data.AsSpan(i, Math.Min(step, data.Length - i)).ToArray());
                var used = reader.Read(pending.ToArray(), collector);
                pending.RemoveRange(0, used);
            }

            Assert.Empty(pending);
            Assert.Equal(4, collector.Messages.Count);
            Assert.Equal(small, collector.Messages[0].Payload);
            Assert.Equal(big, collector.Messages[1].Payload);
            Assert.Equal(0x01000000u, collector.Messages[1].Message.Timestamp);
            Assert.Equal(70, collector.Messages[2].Message.ChunkStreamId);
            Assert.Equal(400, collector.Messages[3].Message.ChunkStreamId);
            Assert.Equal(4096, reader.ChunkSize);
        }
    }

    [Fact]
    public void Type1Type2Type3Headers_AccumulateTimestampDeltas()
    {
        // §5.3.2.2 example 1: audio messages of one stream, fmt 0 then fmt 2 (delta 33) then fmt 3 (delta reused).
        byte[] chunks =
        [
            0x03, 0x00, 0x03, 0xE8, 0x00, 0x00, 0x02, 0x08, 0x01, 0x00, 0x00, 0x00, 0xAA, 0xBB, // fmt 0, ts 1000, len 2
            0x83, 0x00, 0x00, 0x21, 0xCC, 0xDD, // fmt 2: delta 33
            0xC3, 0xEE, 0xFF, // fmt 3: same length, ts += 33
            0x43, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x01, 0x09, 0x11, // fmt 1: delta 10, length 1, type 9
        ];
        var collector = new RtmpMessageCollector();
        Assert.Equal(chunks.Length, new RtmpChunkReader().Read(chunks, collector));
        Assert.Equal(new uint[] { 1000, 1033, 1066, 1076 }, collector.Messages.Select(m => m.Message.Timestamp));
        Assert.Equal(new byte[] { 0xEE, 0xFF }, collector.Messages[2].Payload);
        Assert.Equal(RtmpMessageType.Video, collector.Messages[3].Message.TypeId);
        Assert.Equal(1u, collector.Messages[3].Message.StreamId);
    }

    [Fact]
    public void Abort_DiscardsThePartialMessage()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RtmpChunkWriter();
        writer.Write(output, 4, RtmpMessageType.Video, 1, 0, Payload(200, 3));
        var firstChunk = output.WrittenSpan[..(12 + 128)].ToArray();
        output.ResetWrittenCount();
        writer.Write(output, 2, RtmpMessageType.Abort, 0, 0, [0, 0, 0, 4]);
        writer.Write(output, 4, RtmpMessageType.Video, 1, 5, [1, 2, 3]);
        var collector = new RtmpMessageCollector();
        var reader = new RtmpChunkReader();
        reader.Read(firstChunk, collector);
        reader.Read(output.WrittenSpan, collector);
        Assert.Single(collector.Messages);
        Assert.Equal(new byte[] { 1, 2, 3 }, collector.Messages[0].Payload);
    }

    [Theory]
    [InlineData(new byte[] { 0x43, 0, 0, 0, 0, 0, 1, 9 }, "type 1 header")] // first chunk of a stream is not type 0
    [InlineData(new byte[] { 0x02, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, "Chunk size 0")]
    [InlineData(new byte[] { 0x02, 0, 0, 0, 0xFF, 0xFF, 0xFF, 9, 0, 0, 0, 0 }, "exceeds the limit")]
    public void BadInput_ThrowsProtocolException(byte[] input, string fragment)
    {
        var e = Assert.Throws<RtmpProtocolException>(() => new RtmpChunkReader(maxMessageSize: 1 << 20).Read(input, new RtmpMessageCollector()));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void TooManyChunkStreams_Refused()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RtmpChunkWriter();
        for (var csid = 3; csid < 3 + RtmpChunkReader.MaxChunkStreams + 1; csid++) writer.Write(output, csid, 9, 1, 0, [1]);
        Assert.Throws<RtmpProtocolException>(() => new RtmpChunkReader().Read(output.WrittenSpan, new RtmpMessageCollector()));
    }

    [Fact]
    public void Handshake_EchoesC1_AndRefusesOtherVersions()
    {
        var c0c1 = new byte[RtmpHandshake.ClientHelloSize];
        new Random(5).NextBytes(c0c1);
        c0c1[0] = 3;
        var answer = new byte[RtmpHandshake.ServerHelloSize];
        RtmpHandshake.WriteServerHello(c0c1, answer, 1234);
        Assert.Equal(3, answer[0]);
        Assert.Equal(new byte[4], answer[5..9]); // version field zero: simple handshake
        Assert.Equal(c0c1[1..], answer[(1 + RtmpHandshake.PacketSize)..]);
        c0c1[0] = 6;
        Assert.True(Assert.Throws<RtmpProtocolException>(() => RtmpHandshake.WriteServerHello(c0c1, answer, 0)).Unsupported);
    }
}
