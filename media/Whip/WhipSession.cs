// Kept whole (about 18 KB): one publisher's packets, timers and end all run under one lock, in one order
// (ICE-lite check, DTLS, SRTP, depacketize, RTCP feedback); the protocol parts already live in Ice/, Dtls/, Srtp/, Rtp/.
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Dtls;
using Stagecast.Media.H264;
using Stagecast.Media.Ice;
using Stagecast.Media.Opus;
using Stagecast.Media.Rtcp;
using Stagecast.Media.Rtp;
using Stagecast.Media.Sdp;
using Stagecast.Media.Srtp;

namespace Stagecast.Media.Whip;

/// <summary>
/// One publisher: ICE-lite checks, DTLS-SRTP, SRTP/SRTCP, depacketizing and RTCP feedback, feeding one
/// <see cref="IAccessUnitSink"/>. Every packet, timer tick and end for the session runs under <see cref="_gate"/>,
/// so the sink sees one thread at a time, in order.
/// </summary>
public sealed class WhipSession : IDepacketizerOutput, IRtcpHandler, IReorderOutput, IIcePeer
{
    private const int VideoTrack = 1;
    private const int AudioTrack = 2;
    private const int MaxEarlyPackets = 512;

    private readonly object _gate = new();
    private readonly IngestServer _server;
    private readonly IngestOptions _options;
    private readonly DtlsSrtpTransport _dtls;
    private readonly Queue<byte[]> _early = new();
    private readonly List<SocketAddress> _addresses = [];
    private readonly H264Depacketizer? _video;
    private readonly ReorderBuffer? _videoReorder;
    private readonly bool _sendNack;
    private long _nacksSent;
    private readonly OpusDepacketizer? _audio;
    private readonly byte _videoPt;
    private readonly byte _audioPt;
    private readonly uint _localSsrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
    private readonly byte[] _rtcpBuffer = new byte[1500];
    private readonly long _createdMs = Environment.TickCount64;

    private IceUdpSocket? _socket;
    private SocketAddress? _remote;
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private IAccessUnitSink? _sink;
    private ReceiveStatistics? _videoStats;
    private ReceiveStatistics? _audioStats;
    private readonly Dictionary<uint, SenderReportInfo> _senderReports = [];
    private long _lastPacketMs = Environment.TickCount64;
    private long _lastPliMs;
    private long _lastRrMs;
    private bool _pliWanted = true;
    private bool _ended;

    private long _bytes;
    private long _srtpAuthFailures;
    private long _plisSent;
    private long _lastHealthMs = Environment.TickCount64;
    private long _lastHealthBytes;
    private long _lastHealthFrames;
    private long _lastHealthExpected;
    private long _lastHealthReceived;
    private long _lastKeyframeMs;
    private double? _keyframeInterval;
    private DateTimeOffset? _mediaStartedAt;
    private volatile StreamHealth _health;

    internal WhipSession(IngestServer server, IngestOptions options, string id, string roomId, NegotiatedOffer offer,
        string localUfrag, string localPwd, DtlsCertificate certificate)
    {
        _server = server;
        _options = options;
        Id = id;
        RoomId = roomId;
        Offer = offer;
        LocalUfrag = localUfrag;
        PasswordKey = System.Text.Encoding.UTF8.GetBytes(localPwd);
        if (offer.Video is not null)
        {
            _video = new H264Depacketizer(VideoTrack, this);
            _videoReorder = new ReorderBuffer();
            _videoPt = (byte)offer.Video.PayloadType;
            _sendNack = offer.Video.Feedback.Contains("nack");
        }
        if (offer.Audio is not null)
        {
            _audio = new OpusDepacketizer(AudioTrack, offer.Audio.Channels, this);
            _audioPt = (byte)offer.Audio.PayloadType;
        }
        _health = new StreamHealth(WhipSessionState.Waiting, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, null);
        _dtls = new DtlsSrtpTransport(certificate, offer.Fingerprint, SendDtls);
        _dtls.HandshakeCompleted += OnHandshakeCompleted;
        _dtls.Closed += OnDtlsClosed;
    }

    public string Id { get; }

    public string RoomId { get; }

    public NegotiatedOffer Offer { get; }

    public string LocalUfrag { get; }

    internal byte[] PasswordKey { get; }

    public WhipSessionState State { get; private set; } = WhipSessionState.Waiting;

    public WhipEndReason? EndReason { get; private set; }

    /// <summary>The remote address nominated by ICE (or the first that passed a check).</summary>
    public IPEndPoint? RemoteEndPoint { get; private set; }

    public long StunChecks { get; private set; }

    public long SrtpAuthFailures => Interlocked.Read(ref _srtpAuthFailures);

    public StreamHealth Health => _health;

    internal IReadOnlyList<SocketAddress> Addresses => _addresses;

    byte[] IIcePeer.PasswordKey => PasswordKey;

    IReadOnlyList<SocketAddress> IIcePeer.Addresses => _addresses;

    void IIcePeer.OnIceCheck(IceUdpSocket socket, SocketAddress remote, IPEndPoint remoteEndPoint, bool useCandidate, bool isNewAddress) =>
        OnIceCheck(socket, remote, remoteEndPoint, useCandidate, isNewAddress);

    void IIcePeer.OnDtls(ReadOnlySpan<byte> datagram) => OnDtls(datagram);

    void IIcePeer.OnSrtp(Span<byte> datagram) => OnSrtp(datagram);

    /// <summary>A WHEP viewer needs a keyframe: the next feedback tick sends a PLI (the relay has already coalesced).</summary>
    internal void RequestKeyframe() => _pliWanted = true;

    internal void Start() => _dtls.Start();

    /// <summary>An authenticated Binding request arrived from <paramref name="remote"/> (RFC 8445 §7.3).</summary>
    internal void OnIceCheck(IceUdpSocket socket, SocketAddress remote, IPEndPoint remoteEndPoint, bool useCandidate, bool isNewAddress)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }
            StunChecks++;
            _lastPacketMs = Environment.TickCount64;
            if (isNewAddress)
            {
                _addresses.Add(remote);
            }
            // Lite agents take the nominated pair (USE-CANDIDATE); until then, the first checked one.
            if (_remote is null || useCandidate)
            {
                _socket = socket;
                _remote = remote;
                RemoteEndPoint = remoteEndPoint;
            }
            if (State == WhipSessionState.Waiting)
            {
                State = WhipSessionState.Connecting;
            }
        }
    }

    internal void OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (!DtlsRecord.IsWellFormedDatagram(datagram))
        {
            return;
        }
        _lastPacketMs = Environment.TickCount64;
        _dtls.Enqueue(datagram);
    }

    /// <summary>SRTP or SRTCP (RFC 7983: first byte 128..191).</summary>
    internal void OnSrtp(Span<byte> datagram)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }
            _lastPacketMs = Environment.TickCount64;
            if (_inbound is null)
            {
                // Chrome sends SRTP before Accept returns; keep it so the first IDR is not lost (design brief §0b).
                if (_early.Count < MaxEarlyPackets)
                {
                    _early.Enqueue(datagram.ToArray());
                }
                return;
            }
            ProcessSrtp(datagram);
        }
    }

    private void ProcessSrtp(Span<byte> datagram)
    {
        if (RtpPacket.IsRtcp(datagram))
        {
            if (_inbound!.UnprotectRtcp(datagram, out int rtcpLength) != SrtpError.None)
            {
                Interlocked.Increment(ref _srtpAuthFailures);
                return;
            }
            RtcpReader.Read(datagram.Slice(0, rtcpLength), this);
            return;
        }
        var error = _inbound!.UnprotectRtp(datagram, out int length);
        if (error != SrtpError.None)
        {
            if (error == SrtpError.AuthenticationFailed)
            {
                Interlocked.Increment(ref _srtpAuthFailures);
            }
            return;
        }
        var data = datagram.Slice(0, length);
        if (!RtpPacket.TryParse(data, out var packet))
        {
            return;
        }
        _bytes += length;
        var payload = data.Slice(packet.PayloadOffset, packet.PayloadLength);
        var relay = _server.ActiveRelay(RoomId);
        long now = DateTime.UtcNow.Ticks;
        if (_video is not null && packet.PayloadType == _videoPt)
        {
            _videoStats ??= new ReceiveStatistics { Ssrc = packet.Ssrc, ClockRate = 90000 };
            if (packet.Ssrc != _videoStats.Ssrc)
            {
                return;
            }
            EnsureLive();
            relay?.OnPublisherPacket(true, data, packet.SequenceNumber, payload);
            _videoStats.Update(packet.SequenceNumber, packet.Timestamp, now);
            // Through the reorder buffer: in-order packets pass straight on to the depacketizer.
            _videoReorder!.Push(data, packet.SequenceNumber, Environment.TickCount64, this);
        }
        else if (_audio is not null && packet.PayloadType == _audioPt)
        {
            _audioStats ??= new ReceiveStatistics { Ssrc = packet.Ssrc, ClockRate = 48000 };
            if (packet.Ssrc != _audioStats.Ssrc)
            {
                return;
            }
            EnsureLive();
            relay?.OnPublisherPacket(false, data, packet.SequenceNumber, payload);
            _audioStats.Update(packet.SequenceNumber, packet.Timestamp, now);
            _audio.Push(packet, payload);
        }
    }

    private void EnsureLive()
    {
        if (_sink is not null)
        {
            return;
        }
        _sink = _server.OpenOutput(RoomId);
        _mediaStartedAt = DateTimeOffset.UtcNow;
        State = WhipSessionState.Live;
        _server.RaiseMediaStarted(this);
    }

    private void OnHandshakeCompleted(SrtpProfile profile, SrtpMasterKeys client, SrtpMasterKeys server)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }
            _inbound = new SrtpContext(client);
            _outbound = new SrtpContext(server);
            State = WhipSessionState.Connected;
            _pliWanted = true;
            while (_early.TryDequeue(out var packet))
            {
                ProcessSrtp(packet);
            }
            SendFeedback(Environment.TickCount64, forcePli: true);
        }
    }

    private void OnDtlsClosed(bool clean, Exception? error) =>
        _server.EndSession(this, clean && error is null ? WhipEndReason.DtlsClosed : WhipEndReason.DtlsFailed);

    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        var socket = _socket;
        var remote = _remote;
        if (socket is not null && remote is not null)
        {
            socket.Send(datagram, remote);
        }
    }

    /// <summary>Timeouts, PLI and receiver reports; called by the server's timer about every 100 ms.</summary>
    internal void Tick(long nowMs)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }
            if (nowMs - _lastPacketMs > (long)_options.SessionTimeout.TotalMilliseconds ||
                (_inbound is null && nowMs - _createdMs > (long)_options.HandshakeTimeout.TotalMilliseconds))
            {
                _server.EndSession(this, WhipEndReason.Timeout);
                return;
            }
            _videoReorder?.Expire(nowMs, this);
            SendFeedback(nowMs, forcePli: false);
            if (nowMs - _lastHealthMs >= 1000)
            {
                UpdateHealth(nowMs);
            }
        }
    }

    private void SendFeedback(long nowMs, bool forcePli)
    {
        if (_outbound is null || _socket is null || _remote is null)
        {
            return;
        }
        bool awaitingKeyframe = _video is not null && (_video.WaitingForKeyframe || _video.Config is null);
        long pliInterval = (long)(awaitingKeyframe ? _options.StartupPliInterval : _options.PliInterval).TotalMilliseconds;
        bool pli = _video is not null && _videoStats is not null &&
                   (forcePli || nowMs - _lastPliMs >= pliInterval || (_pliWanted && nowMs - _lastPliMs >= 100));
        bool rr = nowMs - _lastRrMs >= (long)_options.ReceiverReportInterval.TotalMilliseconds &&
                  (_videoStats is not null || _audioStats is not null);
        if (!pli && !rr)
        {
            return;
        }
        var buffer = _rtcpBuffer.AsSpan();
        int length = 0;
        // RFC 3550 §6.1: a compound packet starts with a report.
        if (_videoStats is not null)
        {
            length += WriteReport(buffer.Slice(length), _videoStats, nowMs);
        }
        if (_audioStats is not null && rr)
        {
            length += WriteReport(buffer.Slice(length), _audioStats, nowMs);
        }
        if (length == 0)
        {
            length += RtcpWriter.WriteEmptyReceiverReport(buffer, _localSsrc);
        }
        if (pli)
        {
            length += RtcpWriter.WritePli(buffer.Slice(length), _localSsrc, _videoStats!.Ssrc);
            _lastPliMs = nowMs;
            _pliWanted = false;
            _plisSent++;
        }
        if (rr)
        {
            _lastRrMs = nowMs;
        }
        int protectedLength = _outbound.ProtectRtcp(buffer, length);
        _socket.Send(buffer.Slice(0, protectedLength), _remote);
    }

    private int WriteReport(Span<byte> dst, ReceiveStatistics stats, long nowMs)
    {
        var (fraction, cumulative) = stats.TakeLoss();
        uint dlsr = 0;
        if (stats.LastSrReceivedTicks != 0)
        {
            // DLSR in 1/65536 s since the SR arrived (RFC 3550 §6.4.1).
            long elapsed = DateTime.UtcNow.Ticks - stats.LastSrReceivedTicks;
            dlsr = (uint)(elapsed * 65536 / TimeSpan.TicksPerSecond);
        }
        return RtcpWriter.WriteReceiverReport(dst, _localSsrc, stats.Ssrc, fraction, cumulative,
            (uint)stats.ExtendedHighestSequence, stats.Jitter, stats.LastSrNtpMiddle, dlsr);
    }

    private void UpdateHealth(long nowMs)
    {
        double seconds = (nowMs - _lastHealthMs) / 1000.0;
        long frames = _video?.Frames ?? 0;
        long expected = (_videoStats?.Expected ?? 0) + (_audioStats?.Expected ?? 0);
        long received = (_videoStats?.Received ?? 0) + (_audioStats?.Received ?? 0);
        long expectedDelta = expected - _lastHealthExpected;
        long lostDelta = expectedDelta - (received - _lastHealthReceived);
        var config = _video?.Config;
        _health = new StreamHealth(
            State,
            (_bytes - _lastHealthBytes) * 8 / 1000.0 / seconds,
            (frames - _lastHealthFrames) / seconds,
            config?.Width ?? 0,
            config?.Height ?? 0,
            received,
            (_videoStats?.Lost ?? 0) + (_audioStats?.Lost ?? 0),
            expectedDelta > 0 ? Math.Max(0, (double)lostDelta / expectedDelta) : 0,
            _keyframeInterval,
            _video?.Keyframes ?? 0,
            frames,
            _audio?.Frames ?? 0,
            _video?.DroppedFrames ?? 0,
            SrtpAuthFailures,
            _plisSent,
            _mediaStartedAt)
        {
            NacksSent = _nacksSent,
            PacketsReordered = _videoReorder?.Reordered ?? 0,
        };
        _lastHealthMs = nowMs;
        _lastHealthBytes = _bytes;
        _lastHealthFrames = frames;
        _lastHealthExpected = expected;
        _lastHealthReceived = received;
    }

    /// <summary>Ends the session once: closes DTLS and the sink. Returns false when it had already ended.</summary>
    internal bool End(WhipEndReason reason)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return false;
            }
            _ended = true;
            EndReason = reason;
            _video?.Flush();
            UpdateHealth(Environment.TickCount64 + 1);
            State = WhipSessionState.Ended;
            _health = _health with { State = WhipSessionState.Ended };
            _dtls.Dispose();
            _sink?.OnEnd();
            _sink = null;
            _inbound?.Dispose();
            _outbound?.Dispose();
            _early.Clear();
            return true;
        }
    }

    void IDepacketizerOutput.OnTrackConfig(TrackConfig config) => _sink?.OnTrackConfig(config);

    void IDepacketizerOutput.OnFrame(int trackId, long timestamp, uint rtpTimestamp, bool keyframe, ReadOnlyMemory<byte> data)
    {
        if (_sink is null)
        {
            return;
        }
        bool video = trackId == VideoTrack;
        if (video && keyframe)
        {
            long now = Environment.TickCount64;
            if (_lastKeyframeMs != 0)
            {
                _keyframeInterval = (now - _lastKeyframeMs) / 1000.0;
            }
            _lastKeyframeMs = now;
        }
        var stats = video ? _videoStats : _audioStats;
        DateTimeOffset capture;
        if (stats is not null && _senderReports.TryGetValue(stats.Ssrc, out var report))
        {
            // RFC 3550 §6.4.1: the SR pairs an NTP time with an RTP timestamp of the same instant.
            int delta = (int)(rtpTimestamp - report.RtpTimestamp);
            capture = report.NtpTime.AddTicks(delta * TimeSpan.TicksPerSecond / (video ? 90000 : 48000));
        }
        else
        {
            capture = DateTimeOffset.UtcNow;
        }
        _sink.OnAccessUnit(new AccessUnit(trackId, timestamp, keyframe, data, capture));
    }

    void IDepacketizerOutput.OnPictureLost(int trackId) => _pliWanted = true;

    void IReorderOutput.OnOrderedPacket(Span<byte> packet)
    {
        if (RtpPacket.TryParse(packet, out var rtp))
        {
            _video!.Push(rtp, packet.Slice(rtp.PayloadOffset, rtp.PayloadLength));
        }
    }

    /// <summary>Generic NACK (RFC 4585 §6.2.1) for a gap, when the offer allowed "nack"; sent once per gap.</summary>
    void IReorderOutput.OnMissing(ushort first, ushort following)
    {
        if (!_sendNack || _outbound is null || _socket is null || _remote is null || _videoStats is null)
        {
            return;
        }
        var buffer = _rtcpBuffer.AsSpan();
        int length = RtcpWriter.WriteEmptyReceiverReport(buffer, _localSsrc);
        length += RtcpWriter.WriteNack(buffer.Slice(length), _localSsrc, _videoStats.Ssrc, first, following);
        int protectedLength = _outbound.ProtectRtcp(buffer, length);
        _socket.Send(buffer.Slice(0, protectedLength), _remote);
        _nacksSent++;
    }

    void IRtcpHandler.OnSenderReport(in SenderReportInfo report)
    {
        long now = DateTime.UtcNow.Ticks;
        // Keep reports for streams not seen yet (an SR may come before the first RTP), but only a few.
        if (_senderReports.ContainsKey(report.Ssrc) || _senderReports.Count < 8)
        {
            _senderReports[report.Ssrc] = report;
        }
        if (_videoStats is not null && report.Ssrc == _videoStats.Ssrc)
        {
            _videoStats.LastSrNtpMiddle = report.NtpMiddle;
            _videoStats.LastSrReceivedTicks = now;
        }
        else if (_audioStats is not null && report.Ssrc == _audioStats.Ssrc)
        {
            _audioStats.LastSrNtpMiddle = report.NtpMiddle;
            _audioStats.LastSrReceivedTicks = now;
        }
    }

    void IRtcpHandler.OnBye(uint ssrc)
    {
        // A BYE for one stream is not the end of the session: browsers send it when a track is replaced.
    }
}
