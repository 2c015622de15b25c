using System.Buffers;
using System.Text;
using MessagePack;

namespace Stagecast.Rooms.Load;

/// <summary>
/// The SignalR MessagePack protocol as the lean viewers speak it: the messages they send, and a reader for the
/// byte stream the hub sends back (handshake response, then varint-length-prefixed messages). The reader looks
/// only at what the tool measures: each <c>batch</c>'s <c>sentAt</c> and number of comments, and, when
/// <paramref name="readComments"/> is set, every comment's <c>at</c> (a sample of the viewers is enough for the
/// comment-to-receipt figure, and the others skip most of the parsing).
/// </summary>
/// <para>With <paramref name="onMatch"/> set, each batch's <c>match</c> (sent when a LIVE Match's score or MVPs
/// changed) is read too, and its sides' scores handed over in order.</para>
public sealed class HubStream(BatchHandler onBatch, bool readComments, MatchHandler? onMatch = null)
{
    private const byte RecordSeparator = 0x1e;
    private const int InvocationType = 1;
    private const int CompletionType = 3;
    private const int CloseType = 7;

    /// <summary>The handshake that selects the MessagePack protocol.</summary>
    public static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"messagepack\",\"version\":1}\u001e");

    /// <summary>A ping message [6], prefixed with its length (2). The server closes connections silent for 30 s.</summary>
    public static readonly byte[] Ping = [0x02, 0x91, 0x06];

    private bool _handshakeDone;

    /// <summary>The completion of JoinRoomBatched arrived without an error.</summary>
    public bool Joined { get; private set; }

    /// <summary>Why the stream cannot go on (refused handshake, failed join, close message), if it cannot.</summary>
    public string? Failure { get; private set; }

    /// <summary>The invocation JoinRoomBatched(roomId), length-prefixed.</summary>
    public static byte[] JoinRoomBatched(string roomId) => Invocation("1", "JoinRoomBatched", roomId);

    /// <summary>Reads every complete message at the start of <paramref name="data"/>; returns the bytes used.</summary>
    public int Consume(ReadOnlyMemory<byte> data)
    {
        var offset = 0;
        var span = data.Span;
        if (!_handshakeDone)
        {
            var end = span.IndexOf(RecordSeparator);
            if (end < 0)
            {
                return 0;
            }
            if (span[..end].IndexOf("\"error\""u8) >= 0)
            {
                Failure ??= "handshake refused: " + Encoding.UTF8.GetString(span[..end]);
                return end + 1;
            }
            _handshakeDone = true;
            offset = end + 1;
        }
        while (TryReadLength(span[offset..], out var size, out var prefix) && span.Length - offset - prefix >= size)
        {
            Handle(data.Slice(offset + prefix, size));
            offset += prefix + size;
        }
        return offset;
    }

    private static byte[] Invocation(string invocationId, string target, string argument)
    {
        var body = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(body);
        writer.WriteArrayHeader(5);
        writer.Write(InvocationType);
        writer.WriteMapHeader(0);
        writer.Write(invocationId);
        writer.Write(target);
        writer.WriteArrayHeader(1);
        writer.Write(argument);
        writer.Flush();
        var frame = new byte[5 + body.WrittenCount];
        var prefix = 0;
        var value = body.WrittenCount;
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            frame[prefix++] = value > 0 ? (byte)(b | 0x80) : b;
        }
        while (value > 0);
        body.WrittenSpan.CopyTo(frame.AsSpan(prefix));
        return frame[..(prefix + body.WrittenCount)];
    }

    private static bool TryReadLength(ReadOnlySpan<byte> data, out int size, out int prefix)
    {
        size = 0;
        for (prefix = 0; prefix < Math.Min(data.Length, 5); prefix++)
        {
            size |= (data[prefix] & 0x7f) << (7 * prefix);
            if ((data[prefix] & 0x80) == 0)
            {
                prefix++;
                return true;
            }
        }
        return false;
    }

    private void Handle(ReadOnlyMemory<byte> message)
    {
        var reader = new MessagePackReader(message);
        reader.ReadArrayHeader();
        switch (reader.ReadInt32())
        {
            case InvocationType:
                reader.Skip(); // headers
                reader.Skip(); // invocation id (nil)
                if (ReadKey(ref reader).SequenceEqual("batch"u8))
                {
                    reader.ReadArrayHeader();
                    ReadBatch(ref reader);
                }
                break;
            case CompletionType:
                reader.Skip(); // headers
                reader.Skip(); // invocation id
                if (reader.ReadInt32() == 1)
                {
                    Failure ??= "JoinRoomBatched failed: " + reader.ReadString();
                }
                else
                {
                    Joined = true;
                }
                break;
            case CloseType:
                Failure ??= "server closed the connection: " + (reader.TryReadNil() ? "" : reader.ReadString());
                break;
        }
    }

    private void ReadBatch(ref MessagePackReader reader)
    {
        long? sentAt = null;
        Span<long> at = stackalloc long[256];
        var comments = 0;
        var count = 0;
        var fields = reader.ReadMapHeader();
        for (var i = 0; i < fields; i++)
        {
            var key = ReadKey(ref reader);
            if (key.SequenceEqual("sentAt"u8))
            {
                sentAt = reader.ReadInt64();
            }
            else if (key.SequenceEqual("comments"u8))
            {
                count = reader.ReadArrayHeader();
                if (!readComments && sentAt is not null && onMatch is null)
                {
                    break;
                }
                if (!readComments && onMatch is not null)
                {
                    for (var c = 0; c < count; c++)
                    {
                        reader.Skip();
                    }
                    continue;
                }
                for (var c = 0; c < count; c++)
                {
                    var commentFields = reader.ReadMapHeader();
                    for (var f = 0; f < commentFields; f++)
                    {
                        if (ReadKey(ref reader).SequenceEqual("at"u8) && comments < at.Length)
                        {
                            at[comments++] = reader.ReadInt64();
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
            }
            else if (onMatch is not null && key.SequenceEqual("match"u8))
            {
                // A nil match (unchanged) is consumed by TryReadNil; skipping after it would eat the next key.
                if (!reader.TryReadNil())
                {
                    ReadMatch(ref reader, onMatch);
                }
            }
            else
            {
                reader.Skip();
            }
        }
        onBatch(sentAt ?? 0, count, at[..comments]);
    }

    /// <summary>Reads a <c>match</c> map and hands its sides' scores (inviter first) to the handler.</summary>
    private static void ReadMatch(ref MessagePackReader reader, MatchHandler handler)
    {
        Span<long> scores = stackalloc long[2];
        var sides = 0;
        var fields = reader.ReadMapHeader();
        for (var i = 0; i < fields; i++)
        {
            if (!ReadKey(ref reader).SequenceEqual("sides"u8) || reader.TryReadNil())
            {
                reader.Skip();
                continue;
            }
            var count = reader.ReadArrayHeader();
            for (var s = 0; s < count; s++)
            {
                var sideFields = reader.ReadMapHeader();
                for (var f = 0; f < sideFields; f++)
                {
                    if (ReadKey(ref reader).SequenceEqual("score"u8) && sides < scores.Length)
                    {
                        scores[sides++] = reader.ReadInt64();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
        handler(scores[..sides]);
    }

    private static ReadOnlySpan<byte> ReadKey(ref MessagePackReader reader)
    {
        if (reader.TryReadStringSpan(out var span))
        {
            return span;
        }
        // A string split across buffer segments: cannot happen with one contiguous buffer, but stay correct.
        return reader.ReadStringSequence() is { } sequence ? sequence.ToArray() : default;
    }
}

/// <summary>One received batch: its <c>sentAt</c>, its number of comments, and their <c>at</c> when read.</summary>
public delegate void BatchHandler(long sentAt, int comments, ReadOnlySpan<long> commentTimes);

/// <summary>One received LIVE Match update: its sides' scores, inviter first.</summary>
public delegate void MatchHandler(ReadOnlySpan<long> scores);
