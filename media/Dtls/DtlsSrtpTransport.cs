using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.Security;
using Stagecast.Media.Srtp;

namespace Stagecast.Media.Dtls;

/// <summary>
/// Runs one DTLS-SRTP server handshake on its own thread, fed with datagrams from the demultiplexer
/// (RFC 7983: first byte 20..63). After the handshake it keeps reading, because that is where BouncyCastle
/// answers retransmitted client flights and close_notify.
/// </summary>
public sealed class DtlsSrtpTransport : DatagramTransport, IDisposable
{
    private const int MaxQueued = 64;
    private readonly BlockingCollection<byte[]> _incoming = new(new ConcurrentQueue<byte[]>(), MaxQueued);
    private readonly DtlsCertificate _certificate;
    private readonly string _expectedClientFingerprint;
    private readonly Action<ReadOnlySpan<byte>> _send;
    private volatile bool _closed;
    private int _closeReported;

    public DtlsSrtpTransport(DtlsCertificate certificate, string expectedClientFingerprint, Action<ReadOnlySpan<byte>> send)
    {
        _certificate = certificate;
        _expectedClientFingerprint = expectedClientFingerprint;
        _send = send;
    }

    /// <summary>Keys are ready: (profile, what the client protects with, what we protect with).</summary>
    public event Action<SrtpProfile, SrtpMasterKeys, SrtpMasterKeys>? HandshakeCompleted;

    /// <summary>The connection is over: the peer closed it (true) or the handshake failed (false, with the error).</summary>
    public event Action<bool, Exception?>? Closed;

    public bool IsConnected { get; private set; }

    public void Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "dtls-srtp" };
        thread.Start();
    }

    /// <summary>Queues one DTLS datagram from the peer; drops it when the queue is full (a flood).</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (!_closed)
        {
            _incoming.TryAdd(datagram.ToArray());
        }
    }

    private void Run()
    {
        DtlsTransport? dtls = null;
        try
        {
            var crypto = new BcTlsCrypto(new SecureRandom());
            var server = new DtlsSrtpServer(crypto, _certificate, _expectedClientFingerprint);
            dtls = new DtlsServerProtocol().Accept(server, this);
            if (server.KeyingMaterial is null || server.Profile is null)
            {
                throw new TlsFatalAlert(AlertDescription.internal_error);
            }
            var (client, ours) = SrtpMasterKeys.FromExporter(server.Profile.Value, server.KeyingMaterial);
            IsConnected = true;
            HandshakeCompleted?.Invoke(server.Profile.Value, client, ours);
            var buffer = new byte[2048];
            while (!_closed)
            {
                dtls.Receive(buffer, 0, buffer.Length, 1000);
            }
            ReportClosed(true, null);
        }
        catch (Exception e)
        {
            ReportClosed(_closed && IsConnected, _closed ? null : e);
        }
    }

    private void ReportClosed(bool clean, Exception? error)
    {
        if (Interlocked.Exchange(ref _closeReported, 1) == 0)
        {
            Closed?.Invoke(clean, error);
        }
    }

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (_closed)
        {
            throw new ObjectDisposedException(nameof(DtlsSrtpTransport));
        }
        try
        {
            if (!_incoming.TryTake(out var datagram, waitMillis))
            {
                return -1;
            }
            int n = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        catch (ObjectDisposedException)
        {
            throw;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (!_closed)
        {
            _send(buffer);
        }
    }

    /// <summary>BouncyCastle calls this after it answers the peer's close_notify.</summary>
    public void Close()
    {
        if (!_closed)
        {
            _closed = true;
            ReportClosed(IsConnected, null);
        }
    }

    public void Dispose()
    {
        _closed = true;
        _incoming.CompleteAdding();
    }
}
