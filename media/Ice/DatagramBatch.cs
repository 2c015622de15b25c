using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Stagecast.Media.Ice;

/// <summary>
/// Datagrams written in place and sent together: on Linux one <c>sendmmsg(2)</c> system call carries up to
/// <see cref="Capacity"/> of them, so a room's packet fanned out to hundreds of WHEP viewers costs a few system calls
/// instead of one each (.NET has no batched send of its own). Elsewhere, or if the call is missing, each datagram
/// goes with <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, System.Net.SocketAddress)"/>.
/// One batch belongs to one thread at a time (the fan-out keeps one per thread); every datagram of a flush leaves
/// through one socket, so a datagram for another socket flushes what is pending first.
/// </summary>
public sealed unsafe class DatagramBatch : IDisposable
{
    /// <summary>Datagrams per system call (Linux's UIO_MAXIOV is 1024; 64 keeps the buffers in a few pages of cache).</summary>
    public const int Capacity = 64;

    /// <summary>Room for one datagram: an RTP packet up to the MTU plus the SRTP tag.</summary>
    public const int SlotSize = 1600;

    private const int AddressSize = 128; // sizeof(struct sockaddr_storage)

    private static bool s_sendmmsgMissing = !OperatingSystem.IsLinux();

    private readonly byte[] _data = GC.AllocateArray<byte>(Capacity * SlotSize, pinned: true);
    private readonly byte[] _addresses = GC.AllocateArray<byte>(Capacity * AddressSize, pinned: true);
    private readonly IoVec[] _iov = GC.AllocateArray<IoVec>(Capacity, pinned: true);
    private readonly MMsgHdr[] _headers = GC.AllocateArray<MMsgHdr>(Capacity, pinned: true);
    private readonly int[] _lengths = new int[Capacity];
    private readonly System.Net.SocketAddress?[] _remotes = new System.Net.SocketAddress?[Capacity];
    private IceUdpSocket? _socket;
    private int _count;
    private bool _reserved;

    /// <summary>Forces one send per datagram for this batch (tests compare both paths).</summary>
    public bool OneByOne { get; init; }

    /// <summary>False sends one datagram per system call everywhere (the WHEP benchmark's baseline).</summary>
    public static bool UseSendMany { get; set; } = true;

    /// <summary>Datagrams handed to the kernel so far.</summary>
    public long Sent { get; private set; }

    /// <summary>System calls made for them (batched or not).</summary>
    public long SystemCalls { get; private set; }

    /// <summary>Datagrams the kernel refused (ICMP unreachable and the like); the viewer's session times out on its own.</summary>
    public long Refused { get; private set; }

    /// <summary>
    /// A slot for one datagram to <paramref name="remote"/> through <paramref name="socket"/>: write it into the
    /// returned span, then call <see cref="Commit"/> with its length (or nothing, to drop it).
    /// </summary>
    public Span<byte> Reserve(IceUdpSocket socket, System.Net.SocketAddress remote)
    {
        if (_count == Capacity || (_socket is not null && !ReferenceEquals(_socket, socket)))
        {
            Flush();
        }
        _socket = socket;
        _remotes[_count] = remote;
        _reserved = true;
        return _data.AsSpan(_count * SlotSize, SlotSize);
    }

    /// <summary>The datagram written into the last reserved slot is <paramref name="length"/> bytes long.</summary>
    public void Commit(int length)
    {
        if (!_reserved || length <= 0 || length > SlotSize) return;
        _reserved = false;
        _lengths[_count++] = length;
    }

    /// <summary>Sends what is pending.</summary>
    public void Flush()
    {
        _reserved = false;
        int count = _count;
        var socket = _socket;
        _count = 0;
        _socket = null;
        if (count == 0 || socket is null) return;
        int done = OneByOne || !UseSendMany || Volatile.Read(ref s_sendmmsgMissing) ? 0 : SendMany(socket, count);
        // What sendmmsg did not take (an error it reported, a full send buffer, no sendmmsg) goes one by one, where a
        // blocking send waits for room and a refused datagram is counted and skipped.
        for (int i = done; i < count; i++)
        {
            if (!socket.Send(_data.AsSpan(i * SlotSize, _lengths[i]), _remotes[i]!)) Refused++;
            SystemCalls++;
            Sent++;
        }
        Array.Clear(_remotes, 0, count);
    }

    /// <summary>sendmmsg until every datagram went or the kernel reported an error; returns how many went.</summary>
    private int SendMany(IceUdpSocket socket, int count)
    {
        fixed (byte* data = _data)
        fixed (byte* addresses = _addresses)
        fixed (IoVec* iov = _iov)
        fixed (MMsgHdr* headers = _headers)
        {
            for (int i = 0; i < count; i++)
            {
                var remote = _remotes[i]!;
                int size = Math.Min(remote.Size, AddressSize);
                remote.Buffer.Span.Slice(0, size).CopyTo(new Span<byte>(addresses + i * AddressSize, AddressSize));
                iov[i] = new IoVec { Base = data + i * SlotSize, Length = (nuint)_lengths[i] };
                headers[i] = new MMsgHdr
                {
                    Header = new MsgHdr { Name = addresses + i * AddressSize, NameLength = (uint)size, Iov = iov + i, IovLength = 1 },
                };
            }

            int done = 0;
            while (done < count)
            {
                int sent = socket.SendMany(headers + done, count - done, out int errno);
                SystemCalls++;
                if (sent <= 0)
                {
                    if (errno is 38 /* ENOSYS */ or 95 /* EOPNOTSUPP */) Volatile.Write(ref s_sendmmsgMissing, true);
                    // A closed socket (-2) sends nothing more, one by one included.
                    return sent == IceUdpSocket.Closed ? count : done;
                }
                done += sent;
                Sent += sent;
            }
            return done;
        }
    }

    public void Dispose() => _count = 0;

    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}
