using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Stagecast.Rooms.Load;

/// <summary>
/// The leanest viewers: plain TCP sockets that speak WebSocket (RFC 6455) and the SignalR MessagePack protocol
/// themselves, all read by one thread blocked in epoll_wait. Each received batch costs one epoll wake-up share,
/// one recv and a parse, without async state machines or thread-pool hops, so on a machine shared with the
/// gateway the load tool takes as little CPU from it as it can. Linux x64 only (the epoll_event layout).
/// </summary>
public sealed class EpollViewers : IDisposable
{
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const uint EpollIn = 0x001;
    private const uint EpollRdHup = 0x2000;
    private const int EpollCloexec = 0x80000;
    private const int Eintr = 4;
    private const int MaxFrame = 16 << 20;

    private readonly Viewer?[] _viewers;
    private readonly int _epoll;
    private readonly Thread _loop;
    private readonly BatchHandler _onBatch;
    private readonly byte[] _maskKey = RandomNumberGenerator.GetBytes(4);
    private volatile bool _stopping;
    private int _joined;
    private long _bytes;

    public EpollViewers(int count, BatchHandler onBatch)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("--client epoll needs Linux on x64; use --client raw.");
        }
        _viewers = new Viewer?[count];
        _onBatch = onBatch;
        _epoll = epoll_create1(EpollCloexec);
        if (_epoll < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        }
        _loop = new Thread(Loop) { IsBackground = true, Name = "epoll viewers" };
        _loop.Start();
    }

    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>Bytes read from every viewer's socket so far (only the epoll thread adds to it).</summary>
    public long BytesReceived => Interlocked.Read(ref _bytes);

    /// <summary>Viewers whose JoinRoomBatched has completed.</summary>
    public int Joined => Volatile.Read(ref _joined);

    /// <summary>Viewers that lost their connection or were refused, with the first reason.</summary>
    public (int Count, string? First) Failures()
    {
        var failed = _viewers.Where(v => v?.Failure is not null).ToList();
        return (failed.Count, failed.FirstOrDefault()?.Failure);
    }

    /// <summary>Whether viewer <paramref name="index"/> never connected, was refused or lost its connection.</summary>
    public bool HasFailed(int index) => _viewers[index] is not { Failure: null };

    /// <summary>
    /// Opens viewer <paramref name="index"/>: TCP connect, WebSocket upgrade of /hubs/live (blocking, on the
    /// caller's thread), then the hub handshake and JoinRoomBatched, whose answers the epoll thread reads.
    /// </summary>
    /// <param name="readComments">Whether this viewer reads each comment's <c>at</c> (see <see cref="HubStream"/>).</param>
    /// <param name="onMatch">Where this viewer's LIVE Match score updates go, if they are read.</param>
    public void Connect(int index, Uri hubUrl, string roomId, bool readComments, MatchHandler? onMatch = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var address = Dns.GetHostAddresses(hubUrl.Host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
            socket.Connect(new IPEndPoint(address, hubUrl.Port));
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            socket.Send(Encoding.ASCII.GetBytes(
                $"GET {hubUrl.PathAndQuery} HTTP/1.1\r\nHost: {hubUrl.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));
            var viewer = new Viewer(socket, ReadUpgradeResponse(socket), new HubStream(_onBatch, readComments, onMatch));
            socket.Blocking = false;
            _viewers[index] = viewer;
            var registration = new EpollEvent { Events = EpollIn | EpollRdHup, Data = (ulong)index };
            if (epoll_ctl(_epoll, EpollCtlAdd, (int)socket.SafeHandle.DangerousGetHandle(), ref registration) != 0)
            {
                throw new InvalidOperationException($"epoll_ctl failed: errno {Marshal.GetLastPInvokeError()}");
            }
            Send(viewer, [.. Frame(0x2, HubStream.Handshake), .. Frame(0x2, HubStream.JoinRoomBatched(roomId))]);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends a hub ping to the open viewers whose index is <paramref name="slice"/> modulo <paramref name="slices"/>
    /// (the server closes connections silent for 30 s).
    /// </summary>
    public void Ping(int slice, int slices)
    {
        var ping = Frame(0x2, HubStream.Ping);
        for (var i = slice; i < _viewers.Length; i += slices)
        {
            if (_viewers[i] is { Failure: null } viewer)
            {
                Send(viewer, ping);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _loop.Join(TimeSpan.FromSeconds(5));
        foreach (var viewer in _viewers)
        {
            viewer?.Socket.Dispose();
        }
        close(_epoll);
    }

    /// <summary>Reads the HTTP answer to the upgrade; returns any bytes that came after it.</summary>
    private static byte[] ReadUpgradeResponse(Socket socket)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            var got = socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (got == 0)
            {
                throw new InvalidOperationException("connection closed during the WebSocket upgrade");
            }
            length += got;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                if (!buffer.AsSpan(0, end).StartsWith("HTTP/1.1 101"u8))
                {
                    throw new InvalidOperationException("upgrade refused: " + Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n")[0]);
                }
                return buffer[(end + 4)..length];
            }
            if (length == buffer.Length)
            {
                throw new InvalidOperationException("upgrade response headers too long");
            }
        }
    }

    /// <summary>A client-to-server WebSocket frame: FIN, the opcode, masked payload (RFC 6455 section 5.2).</summary>
    private byte[] Frame(byte opcode, ReadOnlySpan<byte> payload)
    {
        var header = payload.Length < 126 ? 2 : payload.Length <= ushort.MaxValue ? 4 : 10;
        var frame = new byte[header + 4 + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        if (header == 2)
        {
            frame[1] = (byte)(0x80 | payload.Length);
        }
        else if (header == 4)
        {
            frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
        }
        else
        {
            frame[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
        }
        _maskKey.CopyTo(frame, header);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[header + 4 + i] = (byte)(payload[i] ^ _maskKey[i & 3]);
        }
        return frame;
    }

    private static void Send(Viewer viewer, byte[] frame)
    {
        lock (viewer)
        {
            var sent = viewer.Socket.Send(frame, SocketFlags.None, out var error);
            if (error != SocketError.Success || sent != frame.Length)
            {
                viewer.Failure ??= $"send failed: {error} ({sent} of {frame.Length} bytes)";
            }
        }
    }

    private void Loop()
    {
        var events = new EpollEvent[256];
        while (!_stopping)
        {
            var ready = epoll_wait(_epoll, events, events.Length, 200);
            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr)
                {
                    continue;
                }
                throw new InvalidOperationException($"epoll_wait failed: errno {errno}");
            }
            for (var i = 0; i < ready; i++)
            {
                if (_viewers[(int)events[i].Data] is { } viewer)
                {
                    Read(viewer);
                }
            }
        }
    }

    private void Read(Viewer viewer)
    {
        if (viewer.Length == viewer.Buffer.Length)
        {
            Array.Resize(ref viewer.Buffer, viewer.Buffer.Length * 2);
        }
        var got = viewer.Socket.Receive(viewer.Buffer.AsSpan(viewer.Length), SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
        {
            return;
        }
        if (error != SocketError.Success || got == 0)
        {
            Drop(viewer, error == SocketError.Success ? "connection closed by the server" : $"receive failed: {error}");
            return;
        }
        viewer.Length += got;
        Interlocked.Add(ref _bytes, got);
        // Level-triggered: whatever this read left in the socket wakes epoll_wait again.
        if (!ReadFrames(viewer))
        {
            Drop(viewer, viewer.Failure ?? "protocol error");
        }
    }

    /// <summary>Takes every complete WebSocket frame out of the viewer's buffer; false when the stream is broken.</summary>
    private bool ReadFrames(Viewer viewer)
    {
        var buffer = viewer.Buffer;
        var offset = 0;
        while (viewer.Length - offset >= 2)
        {
            var opcode = buffer[offset] & 0x0f;
            if ((buffer[offset + 1] & 0x80) != 0)
            {
                viewer.Failure ??= "masked frame from the server";
                return false;
            }
            long size = buffer[offset + 1] & 0x7f;
            var header = 2;
            if (size == 126)
            {
                header = 4;
                size = viewer.Length - offset >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(offset + 2)) : -1;
            }
            else if (size == 127)
            {
                header = 10;
                size = viewer.Length - offset >= 10 ? (long)BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(offset + 2)) : -1;
            }
            if (size > MaxFrame)
            {
                viewer.Failure ??= $"frame of {size} bytes";
                return false;
            }
            if (size < 0 || viewer.Length - offset - header < size)
            {
                if (size >= 0 && header + size > buffer.Length)
                {
                    // Make room for the whole frame after the bytes already used are dropped below.
                    var grown = new byte[Math.Max(buffer.Length * 2, header + (int)size)];
                    buffer.AsSpan(offset, viewer.Length - offset).CopyTo(grown);
                    viewer.Length -= offset;
                    viewer.Buffer = grown;
                    return true;
                }
                break;
            }
            var payload = buffer.AsMemory(offset + header, (int)size);
            switch (opcode)
            {
                case 0x0 or 0x1 or 0x2:
                    if (!ReadMessages(viewer, payload))
                    {
                        return false;
                    }
                    break;
                case 0x8:
                    viewer.Failure ??= "WebSocket closed by the server";
                    return false;
                case 0x9:
                    Send(viewer, Frame(0xA, payload.Span));
                    break;
            }
            offset += header + (int)size;
        }
        buffer.AsSpan(offset, viewer.Length - offset).CopyTo(buffer);
        viewer.Length -= offset;
        return true;
    }

    /// <summary>Feeds one frame's payload to the viewer's hub stream (messages may span frames).</summary>
    private bool ReadMessages(Viewer viewer, ReadOnlyMemory<byte> payload)
    {
        var wasJoined = viewer.Stream.Joined;
        ReadOnlyMemory<byte> data;
        if (viewer.Pending.Length == 0)
        {
            data = payload;
        }
        else
        {
            viewer.Pending = [.. viewer.Pending, .. payload.Span];
            data = viewer.Pending;
        }
        var used = viewer.Stream.Consume(data);
        viewer.Pending = data[used..].ToArray();
        if (!wasJoined && viewer.Stream.Joined)
        {
            Interlocked.Increment(ref _joined);
        }
        if (viewer.Stream.Failure is { } failure)
        {
            viewer.Failure ??= failure;
            return false;
        }
        return true;
    }

    private void Drop(Viewer viewer, string why)
    {
        viewer.Failure ??= why;
        var none = default(EpollEvent);
        epoll_ctl(_epoll, EpollCtlDel, (int)viewer.Socket.SafeHandle.DangerousGetHandle(), ref none);
    }

    private sealed class Viewer(Socket socket, byte[] initial, HubStream stream)
    {
        public Socket Socket { get; } = socket;

        public HubStream Stream { get; } = stream;

        public byte[] Buffer = Grow(initial);

        public int Length = initial.Length;

        /// <summary>The start of a hub message whose rest is in the next frame.</summary>
        public byte[] Pending = [];

        public string? Failure;

        private static byte[] Grow(byte[] initial)
        {
            var buffer = new byte[Math.Max(16384, initial.Length * 2)];
            initial.CopyTo(buffer, 0);
            return buffer;
        }
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_create1(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_ctl(int epfd, int op, int fd, ref EpollEvent evt);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_wait(int epfd, [Out] EpollEvent[] events, int maxevents, int timeout);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
