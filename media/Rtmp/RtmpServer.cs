using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Net;

namespace Stagecast.Media.Rtmp;

/// <summary>
/// The RTMP listener: accepts TCP clients within a total and a per-address limit and runs one
/// <see cref="RtmpConnection"/> per client. Connections over a limit are closed at once, before any byte is read.
/// With a <paramref name="certificate"/> it is the RTMPS listener (<see cref="RtmpOptions.TlsPort"/>): each client
/// does a TLS handshake first, within the read timeout; a client that does not speak TLS is closed. Servers that
/// share <paramref name="rooms"/> keep one publisher per room between them.
/// </summary>
public sealed class RtmpServer(
    RtmpOptions options, IRtmpPublishHandler handler, ILiveOutputFactory outputs, ILogger logger,
    RtmpRoomRegistry? rooms = null, X509Certificate2? certificate = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<RtmpConnection, Task> _connections = new();
    private readonly ConnectionLimiter _limits = new(() => options.MaxConnections, () => options.MaxConnectionsPerAddress);
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;

    public RtmpRoomRegistry Rooms { get; } = rooms ?? new();

    /// <summary>Whether this is the RTMPS listener.</summary>
    public bool IsTls => certificate is not null;

    public IPEndPoint? LocalEndPoint => _listener?.LocalEndpoint as IPEndPoint;

    public int ConnectionCount => _connections.Count;

    /// <summary>Connections closed at accept because a limit was reached.</summary>
    public long RefusedConnections => _limits.Refused;

    public void Start()
    {
        var address = IPAddress.Parse(options.BindAddress);
        var port = certificate is null ? (options.BindAnyPort ? 0 : options.Port) : (options.TlsBindAnyPort ? 0 : options.TlsPort);
        _listener = new TcpListener(address, port);
        if (address.Equals(IPAddress.IPv6Any)) _listener.Server.DualMode = true;
        _listener.Start(512);
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (ct.IsCancellationRequested) return;
                logger.LogWarning(e, "RTMP accept failed");
                continue;
            }

            var remote = socket.RemoteEndPoint as IPEndPoint;
            if (_limits.TryAcquire(remote?.Address, out var slot) != ConnectionAdmission.Admitted)
            {
                logger.LogWarning("RTMP connection from {Remote} refused: connection limit reached", remote);
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            SslServerAuthenticationOptions? tls = null;
            if (certificate is not null)
            {
                stream = new SslStream(stream, leaveInnerStreamOpen: false);
                tls = new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = false };
            }

            var connection = new RtmpConnection(stream, remote, options, handler, outputs, Rooms, logger, tls: tls);
            _connections[connection] = Task.CompletedTask;
            _connections.TryUpdate(connection, RunAsync(connection, stream, slot!, ct), Task.CompletedTask);
        }
    }

    private async Task RunAsync(RtmpConnection connection, Stream stream, ConnectionLimiter.Lease slot, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync(ct);
        }
        catch (Exception e)
        {
            logger.LogError(e, "RTMP connection from {Remote} failed", connection.Remote);
        }
        finally
        {
            await stream.DisposeAsync();
            _connections.TryRemove(connection, out _);
            slot.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener?.Stop();
        if (_acceptLoop is not null) await _acceptLoop;
        foreach (var connection in _connections.Keys) connection.Cut("server stopping");
        await Task.WhenAll(_connections.Values);
        _stopping.Dispose();
    }
}
