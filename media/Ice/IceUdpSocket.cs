using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Stagecast.Media.Ice;

/// <summary>Receives what arrives at one ICE-lite socket.</summary>
public interface IDatagramHandler
{
    /// <summary>
    /// One datagram. <paramref name="data"/> and <paramref name="remote"/> are reused after the call returns;
    /// the handler may modify <paramref name="data"/> in place (SRTP decrypts there).
    /// </summary>
    void OnDatagram(IceUdpSocket socket, Span<byte> data, SocketAddress remote);
}

/// <summary>
/// One UDP socket bound to one local address, advertised as a host candidate (RFC 8445 §5.1.1.1).
/// One socket per address, not one on 0.0.0.0, so that answers leave from the address the peer sent to:
/// Chrome ignores a STUN response from another address (design brief §2).
/// </summary>
public sealed partial class IceUdpSocket : IDisposable
{
    /// <summary>What <see cref="SendMany"/> returns once the socket is closed.</summary>
    internal const int Closed = -2;

    private readonly Socket _socket;
    private readonly IDatagramHandler _handler;
    private readonly Thread _thread;
    private volatile bool _disposed;

    public IceUdpSocket(IPEndPoint bind, IPAddress advertised, IDatagramHandler handler, int receiveBufferBytes = 4 * 1024 * 1024)
    {
        _handler = handler;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveBufferSize = receiveBufferBytes;
            _socket.SendBufferSize = 1024 * 1024;
        }
        catch (SocketException)
        {
            // The kernel caps buffer sizes (net.core.rmem_max); the default still works.
        }
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        Advertised = advertised;
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"ice-udp {LocalEndPoint}" };
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The address written in the answer's candidate (differs from the bound one behind 1:1 NAT).</summary>
    public IPAddress Advertised { get; }

    public long Received { get; private set; }

    public long ReceiveErrors { get; private set; }

    public void Start() => _thread.Start();

    /// <summary>Sends one datagram; false when the kernel refused it (the socket being closed is not a refusal).</summary>
    public bool Send(ReadOnlySpan<byte> data, SocketAddress remote)
    {
        if (_disposed)
        {
            return true;
        }
        try
        {
            _socket.SendTo(data, SocketFlags.None, remote);
            return true;
        }
        catch (SocketException)
        {
            // ICMP unreachable and the like: the session times out on its own.
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>
    /// One sendmmsg(2) of <paramref name="count"/> prepared headers (Linux only; <see cref="DatagramBatch"/> builds them):
    /// how many went, -1 with <paramref name="errno"/> on an error, or <see cref="Closed"/>.
    /// </summary>
    internal unsafe int SendMany(DatagramBatch.MMsgHdr* headers, int count, out int errno)
    {
        errno = 0;
        if (_disposed) return Closed;
        var handle = _socket.SafeHandle;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int sent = SendMmsg((int)handle.DangerousGetHandle(), headers, (uint)count, 0);
            if (sent < 0) errno = Marshal.GetLastPInvokeError();
            return sent;
        }
        catch (ObjectDisposedException)
        {
            return Closed;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            errno = 38; // ENOSYS: a C library without sendmmsg
            return -1;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static unsafe partial int SendMmsg(int fd, DatagramBatch.MMsgHdr* headers, uint count, int flags);

    private void ReceiveLoop()
    {
        var buffer = new byte[2048];
        var remote = new SocketAddress(_socket.AddressFamily);
        while (!_disposed)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(buffer, SocketFlags.None, remote);
            }
            catch (SocketException)
            {
                // Linux reports ICMP port unreachable from an earlier send as ConnectionReset: keep going.
                ReceiveErrors++;
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            if (n <= 0)
            {
                continue;
            }
            Received++;
            try
            {
                _handler.OnDatagram(this, buffer.AsSpan(0, n), remote);
            }
            catch (Exception)
            {
                // One bad packet or session must never stop the socket that every session shares.
                ReceiveErrors++;
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
    }
}
