using System.Net.WebSockets;

namespace Stagecast.Rooms.Load;

/// <summary>
/// A lean viewer: one <see cref="ClientWebSocket"/> that speaks the SignalR MessagePack protocol itself
/// (<see cref="HubStream"/>: no negotiate, handshake, varint-length-prefixed frames, pings). It costs the load
/// machine a fraction of a HubConnection; <see cref="EpollViewers"/> costs less again but needs Linux.
/// </summary>
public sealed class RawViewer : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly HubStream _stream;
    private byte[] _buffer = new byte[4096];
    private int _length;
    private Task? _receive;

    private RawViewer(BatchHandler onBatch, bool readComments) => _stream = new HubStream(onBatch, readComments);

    /// <summary>Why the connection stopped receiving, if it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>Connects to the hub, joins the room with JoinRoomBatched and starts receiving.</summary>
    /// <param name="onBatch">Called per batch (see <see cref="HubStream"/>).</param>
    public static async Task<RawViewer> JoinAsync(Uri hubUrl, HttpMessageInvoker invoker, string roomId,
        BatchHandler onBatch, bool readComments, CancellationToken ct)
    {
        var viewer = new RawViewer(onBatch, readComments);
        viewer._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var ws = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        await viewer._socket.ConnectAsync(ws, invoker, ct);
        await viewer.SendAsync(HubStream.Handshake);
        viewer._receive = Task.Run(viewer.ReceiveLoop, CancellationToken.None);
        await viewer.SendAsync(HubStream.JoinRoomBatched(roomId));
        await viewer._joined.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        return viewer;
    }

    /// <summary>Sends a ping message (the server closes connections silent for 30 s).</summary>
    public Task PingAsync() => _socket.State == WebSocketState.Open ? SendAsync(HubStream.Ping) : Task.CompletedTask;

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

    /// <summary>Hands every complete message in the buffer to the hub stream and keeps the rest for the next read.</summary>
    private void Consume()
    {
        var used = _stream.Consume(_buffer.AsMemory(0, _length));
        if (_stream.Failure is { } failure)
        {
            Fail(failure);
        }
        else if (_stream.Joined)
        {
            _joined.TrySetResult();
        }
        if (used > 0)
        {
            _buffer.AsSpan(used, _length - used).CopyTo(_buffer);
            _length -= used;
        }
    }
}
