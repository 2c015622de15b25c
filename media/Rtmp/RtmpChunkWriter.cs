using System.Buffers;
using System.Buffers.Binary;

namespace Stagecast.Media.Rtmp;

/// <summary>
/// Splits messages into chunks (RTMP 1.0 §5.3.1): a type 0 header on the first chunk, type 3 on the rest,
/// with the extended timestamp repeated on every chunk when the timestamp does not fit 24 bits.
/// </summary>
public sealed class RtmpChunkWriter
{
    /// <summary>Our outgoing chunk size; announce a change with Set Chunk Size before using it.</summary>
    public int ChunkSize { get; set; } = 128;

    public void Write(IBufferWriter<byte> output, int chunkStreamId, byte typeId, uint streamId, uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (chunkStreamId is < 2 or > 65599) throw new ArgumentOutOfRangeException(nameof(chunkStreamId));
        var extended = timestamp >= 0xFFFFFF;
        var offset = 0;
        var first = true;
        do
        {
            BasicHeader(output, first ? 0 : 3, chunkStreamId);
            if (first)
            {
                var header = output.GetSpan(11);
                var field = extended ? 0xFFFFFFu : timestamp;
                header[0] = (byte)(field >> 16);
                header[1] = (byte)(field >> 8);
                header[2] = (byte)field;
                header[3] = (byte)(payload.Length >> 16);
                header[4] = (byte)(payload.Length >> 8);
                header[5] = (byte)payload.Length;
                header[6] = typeId;
                BinaryPrimitives.WriteUInt32LittleEndian(header[7..], streamId);
                output.Advance(11);
            }

            if (extended)
            {
                BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), timestamp);
                output.Advance(4);
            }

            var n = Math.Min(ChunkSize, payload.Length - offset);
            payload.Slice(offset, n).CopyTo(output.GetSpan(n));
            output.Advance(n);
            offset += n;
            first = false;
        }
        while (offset < payload.Length);
    }

    private static void BasicHeader(IBufferWriter<byte> output, int fmt, int csid)
    {
        var span = output.GetSpan(3);
        if (csid < 64)
        {
            span[0] = (byte)(fmt << 6 | csid);
            output.Advance(1);
            return;
        }

        if (csid < 320)
        {
            span[0] = (byte)(fmt << 6);
            span[1] = (byte)(csid - 64);
            output.Advance(2);
            return;
        }

        span[0] = (byte)(fmt << 6 | 1);
        span[1] = (byte)((csid - 64) & 0xFF);
        span[2] = (byte)((csid - 64) >> 8);
        output.Advance(3);
    }
}
