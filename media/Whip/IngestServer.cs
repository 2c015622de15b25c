using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Dtls;
using Stagecast.Media.Ice;
using Stagecast.Media.Sdp;
using Stagecast.Media.Stun;

namespace Stagecast.Media.Whip;

/// <summary>
/// The WHIP ingest without HTTP: ICE-lite sockets on one UDP port, demultiplexing (RFC 7983), and the
/// sessions. The gateway calls <see cref="CreateSession"/> for POST and <see cref="EndSession(string)"/> for DELETE.
/// </summary>
public sealed partial class IngestServer : IDatagramHandler, IDisposable
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly IngestOptions _options;
    private readonly ILiveOutputFactory _outputs;
    private readonly List<IceUdpSocket> _sockets = [];
    private readonly ConcurrentDictionary<string, WhipSession> _byId = new();
    private readonly ConcurrentDictionary<string, IIcePeer> _byUfrag = new();
    private readonly ConcurrentDictionary<string, WhipSession> _byRoom = new();
    private readonly ConcurrentDictionary<SocketAddress, IIcePeer> _byAddress = new();
    private Timer? _timer;
    private bool _started;

    public IngestServer(IngestOptions options, ILiveOutputFactory outputs, DtlsCertificate? certificate = null)
    {
        _options = options;
        _outputs = outputs;
        Certificate = certificate ?? DtlsCertificate.CreateSelfSigned();
    }

    public DtlsCertificate Certificate { get; }

    /// <summary>Where the sockets listen (the port is known after <see cref="Start"/> when configured as 0).</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints => _sockets.Select(s => s.LocalEndPoint).ToList();

    public IEnumerable<WhipSession> Sessions => _byId.Values;

    private long _unknownSourceDrops;

    /// <summary>Datagrams dropped because nobody owned their source address.</summary>
    public long UnknownSourceDrops => Interlocked.Read(ref _unknownSourceDrops);

    /// <summary>The publisher's first authenticated media packet arrived. Raised on the thread pool.</summary>
    public event Action<WhipSession>? MediaStarted;

    /// <summary>A session ended, for whatever reason. Raised on the thread pool.</summary>
    public event Action<WhipSession, WhipEndReason>? SessionEnded;

    public void Start()
    {
        if (_started)
        {
            return;
        }
        _started = true;
        var addresses = _options.Addresses.Count > 0 ? _options.Addresses : [new IngestAddress { Bind = "127.0.0.1" }];
        int port = _options.UdpPort;
        foreach (var address in addresses)
        {
            var bind = IPAddress.Parse(address.Bind);
            var advertised = string.IsNullOrWhiteSpace(address.Advertise) ? bind : IPAddress.Parse(address.Advertise);
            var socket = new IceUdpSocket(new IPEndPoint(bind, port), advertised, this);
            port = socket.LocalEndPoint.Port; // the first free port is shared by the other addresses
            _sockets.Add(socket);
        }
        foreach (var socket in _sockets)
        {
            socket.Start();
        }
        _timer = new Timer(_ => Tick(), null, 100, 100);
    }

    /// <summary>
    /// Answers a WHIP offer for <paramref name="roomId"/>. The caller has already checked the stream key.
    /// </summary>
    public WhipCreateResult CreateSession(string roomId, string offerSdp)
    {
        if (!_started)
        {
            throw new InvalidOperationException("Start the ingest server first.");
        }
        var refusal = OfferNegotiator.Negotiate(offerSdp, out var offer, out var reason);
        if (refusal != OfferRefusal.None || offer is null)
        {
            return new WhipCreateResult(WhipCreateStatus.Refused, null, null, refusal, reason);
        }
        if (_byId.Count >= _options.MaxSessions)
        {
            return new WhipCreateResult(WhipCreateStatus.Overloaded, null, null, OfferRefusal.None, "The ingest is at capacity.");
        }
        // RFC 9725 §5: session URLs must be unguessable.
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string ufrag = RandomIceString(8);
        string pwd = RandomIceString(24);
        var session = new WhipSession(this, _options, id, roomId, offer, ufrag, pwd, Certificate);
        if (!_byRoom.TryAdd(roomId, session))
        {
            return new WhipCreateResult(WhipCreateStatus.RoomBusy, null, null, OfferRefusal.None, "The room already has a publisher.");
        }
        _byId[id] = session;
        _byUfrag[ufrag] = session;
        var candidates = _sockets.Select(s => (s.Advertised.ToString(), s.LocalEndPoint.Port)).ToList();
        string answer = OfferNegotiator.BuildAnswer(offer, new AnswerParameters(ufrag, pwd, Certificate.Fingerprint, candidates),
            (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue));
        // Start DTLS now, so a ClientHello that arrives early waits in the queue.
        session.Start();
        return new WhipCreateResult(WhipCreateStatus.Created, id, answer, OfferRefusal.None, null);
    }

    public WhipSession? GetSession(string sessionId) => _byId.TryGetValue(sessionId, out var s) ? s : null;

    public WhipSession? GetSessionForRoom(string roomId) => _byRoom.TryGetValue(roomId, out var s) ? s : null;

    /// <summary>Ends a session (WHIP DELETE). False when there is no such session.</summary>
    public bool EndSession(string sessionId, WhipEndReason reason = WhipEndReason.Deleted) =>
        _byId.TryGetValue(sessionId, out var session) && EndSession(session, reason);

    internal bool EndSession(WhipSession session, WhipEndReason reason)
    {
        if (!session.End(reason))
        {
            return false;
        }
        _byId.TryRemove(new KeyValuePair<string, WhipSession>(session.Id, session));
        _byUfrag.TryRemove(new KeyValuePair<string, IIcePeer>(session.LocalUfrag, session));
        _byRoom.TryRemove(new KeyValuePair<string, WhipSession>(session.RoomId, session));
        foreach (var address in session.Addresses.ToArray())
        {
            _byAddress.TryRemove(new KeyValuePair<SocketAddress, IIcePeer>(address, session));
        }
        var handler = SessionEnded;
        if (handler is not null)
        {
            ThreadPool.QueueUserWorkItem(_ => handler(session, reason));
        }
        return true;
    }

    internal IAccessUnitSink OpenOutput(string roomId) => _outputs.Open(roomId);

    internal void RaiseMediaStarted(WhipSession session)
    {
        var handler = MediaStarted;
        if (handler is not null)
        {
            ThreadPool.QueueUserWorkItem(_ => handler(session));
        }
    }

    void IDatagramHandler.OnDatagram(IceUdpSocket socket, Span<byte> data, SocketAddress remote)
    {
        byte first = data[0];
        // RFC 7983 §7: 0..3 STUN, 20..63 DTLS, 128..191 RTP/RTCP; anything else is dropped.
        if (first < 4)
        {
            HandleStun(socket, data, remote);
            return;
        }
        if (!_byAddress.TryGetValue(remote, out var session))
        {
            Interlocked.Increment(ref _unknownSourceDrops);
            return;
        }
        if (first is >= 20 and <= 63)
        {
            session.OnDtls(data);
        }
        else if (first is >= 128 and <= 191)
        {
            session.OnSrtp(data);
        }
    }

    private void HandleStun(IceUdpSocket socket, ReadOnlySpan<byte> data, SocketAddress remote)
    {
        if (!StunMessage.TryParse(data, out var info) || info.Type != StunConstants.BindingRequest)
        {
            return;
        }
        var ufragBytes = StunMessage.LocalUfrag(data, info);
        if (ufragBytes.IsEmpty || ufragBytes.Length > 64)
        {
            return;
        }
        string ufrag = Encoding.ASCII.GetString(ufragBytes);
        if (!_byUfrag.TryGetValue(ufrag, out var session))
        {
            return;
        }
        // RFC 8445 §7.3: only requests with our short-term credentials get an answer (401 would leak nothing useful).
        if (!StunMessage.VerifyMessageIntegrity(data, info, session.PasswordKey) ||
            (info.FingerprintOffset >= 0 && !StunMessage.VerifyFingerprint(data, info)))
        {
            return;
        }
        var endPoint = ToEndPoint(remote);
        Span<byte> response = stackalloc byte[128];
        var writer = new StunWriter(response, StunConstants.BindingSuccess, data.Slice(8, 12));
        writer.AddXorMappedAddress(endPoint);
        writer.AddMessageIntegrity(session.PasswordKey);
        writer.AddFingerprint();
        socket.Send(response.Slice(0, writer.Length), remote);

        bool isNew = false;
        if (!_byAddress.TryGetValue(remote, out var owner))
        {
            var key = endPoint.Serialize();
            isNew = _byAddress.TryAdd(key, session);
            remote = key;
        }
        else if (owner != session)
        {
            return; // one remote address belongs to one session
        }
        session.OnIceCheck(socket, isNew ? remote : FindKey(remote), endPoint, info.UseCandidate, isNew);
    }

    private SocketAddress FindKey(SocketAddress remote)
    {
        foreach (var key in _byAddress.Keys)
        {
            if (key.Equals(remote))
            {
                return key;
            }
        }
        return ToEndPoint(remote).Serialize();
    }

    private static IPEndPoint ToEndPoint(SocketAddress address)
    {
        var template = address.Family == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        return (IPEndPoint)template.Create(address);
    }

    private static string RandomIceString(int length)
    {
        // RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"; ufrag >= 4 chars, pwd >= 22 chars.
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = IceChars[RandomNumberGenerator.GetInt32(IceChars.Length)];
        }
        return new string(chars);
    }

    private void Tick()
    {
        long now = Environment.TickCount64;
        foreach (var session in _byId.Values)
        {
            try
            {
                session.Tick(now);
            }
            catch (Exception)
            {
                EndSession(session, WhipEndReason.DtlsFailed);
            }
        }
        TickViewers(now);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        foreach (var session in _byId.Values.ToArray())
        {
            EndSession(session, WhipEndReason.ServerStopped);
        }
        EndViewers();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }
}
