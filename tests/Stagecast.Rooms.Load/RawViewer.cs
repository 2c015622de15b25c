using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using MessagePack;

namespace Stagecast.Rooms.Load;

/// <summary>
/// A lean viewer: one <see cref="ClientWebSocket"/> that speaks the SignalR MessagePack protocol itself (no
/// negotiate, handshake, varint-length-prefixed frames, pings) and reads only what the tool measures from each
/// <c>batch</c>: <c>sentAt</c> and every comment's <c>at</c>. It costs the load machine a fraction of a
/// HubConnection, so the server, not the load tool, is what a run measures.
/// </summary>
public sealed class RawViewer : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private const int InvocationType = 1;
    private const int CompletionType = 3;
    private const int CloseType = 7;

    // MessagePack ping message [6], prefixed with its length (2).
    private static readonly byte[] PingFrame = [0x02, 0x91, 0x06];
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"messagepack\",\"version\":1}\u001e");

    private readonly ClientWebSocket _socket = new();
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Action<long, ReadOnlySpan<long>> _onBatch;
    private byte[] _buffer = new byte[4096];
    private int _length;
    private bool _handshakeDone;
    private Task? _receive;

    private RawViewer(Action<long, ReadOnlySpan<long>> onBatch) => _onBatch = onBatch;

    /// <summary>Why the connection stopped receiving, if it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>Connects to the hub, joins the room with JoinRoomBatched and starts receiving.</summary>
    /// <param name="onBatch">Called per batch with its sentAt and the <c>at</c> of each comment in it.</param>
    public static async Task<RawViewer> JoinAsync(Uri hubUrl, HttpMessageInvoker invoker, string roomId,
        Action<long, ReadOnlySpan<long>> onBatch, CancellationToken ct)
    {
        var viewer = new RawViewer(onBatch);
        viewer._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var ws = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        await viewer._socket.ConnectAsync(ws, invoker, ct);
        await viewer.SendAsync(Handshake);
        viewer._receive = Task.Run(viewer.ReceiveLoop, CancellationToken.None);
        await viewer.SendAsync(Invocation("1", "JoinRoomBatched", roomId));
        await viewer._joined.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        return viewer;
    }

    /// <summary>Sends a ping message (the server closes connections silent for 30 s).</summary>
    public Task PingAsync() => _socket.State == WebSocketState.Open ? SendAsync(PingFrame) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)
                    .WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception)
        {
            // The server may already be gone; closing is best effort.
        }
        _socket.Abort();
        if (_receive is not null)
        {
            await _receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _socket.Dispose();
    }

    private async Task SendAsync(byte[] frame)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
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
        var prefix = WriteVarInt(frame, body.WrittenCount);
        body.WrittenSpan.CopyTo(frame.AsSpan(prefix));
        return frame[..(prefix + body.WrittenCount)];
    }

    private static int WriteVarInt(Span<byte> destination, int value)
    {
        var i = 0;
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            destination[i++] = value > 0 ? (byte)(b | 0x80) : b;
        }
        while (value > 0);
        return i;
    }

    private async Task ReceiveLoop()
    {
        try
        {
            while (true)
            {
                if (_length == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
                var result = await _socket.ReceiveAsync(_buffer.AsMemory(_length), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Fail("closed by the server");
                    return;
                }
                _length += result.Count;
                Consume();
            }
        }
        catch (Exception exception)
        {
            Fail(exception.Message);
        }
    }

    private void Fail(string why)
    {
        Failure ??= why;
        _joined.TrySetException(new InvalidOperationException(why));
    }

    /// <summary>Handles every complete frame in the buffer and keeps the rest for the next read.</summary>
    private void Consume()
    {
        var offset = 0;
        if (!_handshakeDone)
        {
            var end = Array.IndexOf(_buffer, RecordSeparator, 0, _length);
            if (end < 0)
            {
                return;
            }
            if (_buffer.AsSpan(0, end).IndexOf("\"error\""u8) >= 0)
            {
                Fail("handshake refused: " + Encoding.UTF8.GetString(_buffer, 0, end));
                return;
            }
            _handshakeDone = true;
            offset = end + 1;
        }
        while (TryReadLength(_buffer.AsSpan(offset, _length - offset), out var size, out var prefix)
            && _length - offset - prefix >= size)
        {
            Handle(_buffer.AsMemory(offset + prefix, size));
            offset += prefix + size;
        }
        if (offset > 0)
        {
            _buffer.AsSpan(offset, _length - offset).CopyTo(_buffer);
            _length -= offset;
        }
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
                    Fail("JoinRoomBatched failed: " + reader.ReadString());
                }
                else
                {
                    _joined.TrySetResult();
                }
                break;
            case CloseType:
                Fail("server closed the connection: " + (reader.TryReadNil() ? "" : reader.ReadString()));
                break;
        }
    }

    private void ReadBatch(ref MessagePackReader reader)
    {
        long sentAt = 0;
        Span<long> at = stackalloc long[256];
        var comments = 0;
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
                var count = reader.ReadArrayHeader();
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
            else
            {
                reader.Skip();
            }
        }
        _onBatch(sentAt, at[..comments]);
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
