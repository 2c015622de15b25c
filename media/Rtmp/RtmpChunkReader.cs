using System.Buffers.Binary;

namespace Stagecast.Media.Rtmp;

/// <summary>
/// Reassembles RTMP messages from the chunk stream (RTMP 1.0 §5.3): basic headers of 1 to 3 bytes, message
/// headers of type 0 to 3, extended timestamps (also repeated on type 3 chunks, as FFmpeg and librtmp send
/// them), Set Chunk Size and Abort. Works on whatever bytes are available: a chunk may arrive in pieces, only
/// its header must be whole before it is read. Bounded: message size, chunk size and chunk stream count are
/// capped, and each chunk stream's buffer is reused. Bad input throws <see cref="RtmpProtocolException"/>.
/// </summary>
public sealed class RtmpChunkReader(int maxMessageSize = RtmpChunkReader.DefaultMaxMessageSize)
{
    public const int DefaultMaxMessageSize = 8 * 1024 * 1024;
    public const int MaxChunkSize = 16 * 1024 * 1024;
    public const int MaxChunkStreams = 32;

    /// <summary>The longest a chunk header can be: 3-byte basic header, 11-byte type 0 header, extended timestamp.</summary>
    public const int MaxHeaderSize = 18;

    private readonly Dictionary<int, ChunkStream> _streams = [];
    private ChunkStream? _current;
    private int _chunkRemaining;

    /// <summary>The peer's chunk size (128 until it sends Set Chunk Size).</summary>
    public int ChunkSize { get; private set; } = 128;

    /// <summary>
    /// Reads as much of <paramref name="input"/> as forms whole chunk headers and payload pieces, handing each
    /// completed message to <paramref name="handler"/>. Returns the bytes consumed; the rest must be offered again
    /// with more data appended. Stops early when the handler returns false.
    /// </summary>
    public int Read(ReadOnlySpan<byte> input, IRtmpMessageHandler handler)
    {
        var pos = 0;
        while (true)
        {
            if (_current is { } stream && _chunkRemaining > 0)
            {
                var n = Math.Min(_chunkRemaining, input.Length - pos);
                if (n == 0) return pos;
                input.Slice(pos, n).CopyTo(stream.Buffer.AsSpan(stream.Received));
                stream.Received += n;
                _chunkRemaining -= n;
                pos += n;
                if (_chunkRemaining > 0) return pos;
                _current = null;
                if (stream.Received == stream.Length && !Complete(stream, handler)) return pos;
                continue;
            }

            var used = ReadHeader(input[pos..], out var started);
            if (used == 0) return pos;
            pos += used;
            if (started is { Length: 0 } empty && !Complete(empty, handler)) return pos;
        }
    }

    // Parses one chunk header; returns 0 when it is not all there yet.
    private int ReadHeader(ReadOnlySpan<byte> input, out ChunkStream? started)
    {
        started = null;
        if (input.IsEmpty) return 0;
        var fmt = input[0] >> 6;
        var csid = input[0] & 0x3F;
        var pos = 1;
        if (csid == 0)
        {
            if (input.Length < 2) return 0;
            csid = 64 + input[1];
            pos = 2;
        }
        else if (csid == 1)
        {
            if (input.Length < 3) return 0;
            csid = 64 + input[1] + (input[2] << 8);
            pos = 3;
        }

        var headerLength = fmt switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 };
        if (input.Length < pos + headerLength) return 0;
        var header = input.Slice(pos, headerLength);
        pos += headerLength;

        _streams.TryGetValue(csid, out var stream);
        if (stream is null)
        {
            if (fmt != 0) throw new RtmpProtocolException($"Chunk stream {csid} starts with a type {fmt} header.");
            if (_streams.Count >= MaxChunkStreams) throw new RtmpProtocolException("Too many chunk streams.");
        }

        var field = fmt < 3 ? (uint)(header[0] << 16 | header[1] << 8 | header[2]) : 0;
        var extended = fmt < 3 ? field == 0xFFFFFF : stream!.Extended;
        if (extended)
        {
            if (input.Length < pos + 4) return 0;
            if (fmt < 3) field = BinaryPrimitives.ReadUInt32BigEndian(input.Slice(pos, 4));
            pos += 4;
        }

        if (stream is null)
        {
            stream = new ChunkStream();
            _streams[csid] = stream;
        }

        var continuing = stream.Received < stream.Length;
        if (fmt < 3 && continuing)
        {
            throw new RtmpProtocolException($"Chunk stream {csid}: a new message header before the previous message was complete.");
        }

        if (fmt < 3) stream.Extended = extended;
        if (!continuing)
        {
            switch (fmt)
            {
                case 0:
                    stream.Timestamp = field;
                    stream.Delta = 0;
                    break;
                case 1 or 2:
                    stream.Delta = field;
                    stream.Timestamp += field;
                    break;
                default:
                    stream.Timestamp += stream.Delta;
                    break;
            }

            if (fmt <= 1)
            {
                stream.Length = header[3] << 16 | header[4] << 8 | header[5];
                stream.Type = header[6];
            }

            if (fmt == 0) stream.StreamId = BinaryPrimitives.ReadUInt32LittleEndian(header[7..]);
            if (stream.Length > maxMessageSize)
            {
                throw new RtmpProtocolException($"A message of {stream.Length} bytes exceeds the limit of {maxMessageSize}.");
            }

            stream.Begin(csid);
            if (stream.Length == 0)
            {
                started = stream;
                return pos;
            }
        }

        _current = stream;
        _chunkRemaining = Math.Min(ChunkSize, stream.Length - stream.Received);
        return pos;
    }

    private bool Complete(ChunkStream stream, IRtmpMessageHandler handler)
    {
        var payload = stream.Buffer.AsMemory(0, stream.Length);
        switch (stream.Type)
        {
            case RtmpMessageType.SetChunkSize:
                ApplyChunkSize(payload.Span);
                return true;
            case RtmpMessageType.Abort:
                if (payload.Length < 4) throw new RtmpProtocolException("Abort message too short.");
                if (_streams.TryGetValue((int)BinaryPrimitives.ReadUInt32BigEndian(payload.Span), out var aborted))
                {
                    aborted.Received = aborted.Length; // §5.4.2: the partial message is discarded
                    if (ReferenceEquals(aborted, _current)) _chunkRemaining = 0;
                }

                return true;
            default:
                return handler.OnMessage(new RtmpMessage(stream.Id, stream.Type, stream.StreamId, stream.Timestamp, payload));
        }
    }

    private void ApplyChunkSize(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4) throw new RtmpProtocolException("Set Chunk Size message too short.");
        var size = BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF; // §5.4.1: the top bit must be zero
        if (size is 0 or > MaxChunkSize) throw new RtmpProtocolException($"Chunk size {size} is out of range (1 to {MaxChunkSize}).");
        ChunkSize = (int)size;
    }

    private sealed class ChunkStream
    {
        public int Id;
        public uint Timestamp;
        public uint Delta;
        public int Length;
        public byte Type;
        public uint StreamId;
        public bool Extended;
        public int Received;
        public byte[] Buffer = [];

        public void Begin(int id)
        {
            Id = id;
            Received = 0;
            if (Buffer.Length < Length) Buffer = new byte[Math.Max(Length, Math.Min(Buffer.Length * 2, DefaultMaxMessageSize))];
        }
    }
}
