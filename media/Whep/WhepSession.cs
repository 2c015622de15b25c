// Kept whole (about 12 KB): one viewer's packets, timers and end run under one lock, in one order (ICE-lite check,
// DTLS, SRTP, RTP rewrite and RTCP feedback), as in WhipSession; the protocol parts live in Ice/, Dtls/, Srtp/, Rtp/.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Stagecast.Media.Dtls;
using Stagecast.Media.Ice;
using Stagecast.Media.Rtp;
using Stagecast.Media.Sdp;
using Stagecast.Media.Srtp;
using Stagecast.Media.Whip;

namespace Stagecast.Media.Whep;

/// <summary>
/// One WHEP viewer: ICE-lite checks, DTLS-SRTP (we are the DTLS server), and the room's RTP forwarded with this
/// viewer's SSRC, payload type and sequence numbers; NACKs answered from the room's cache, PLI/FIR passed to the
/// relay, sender reports every second. Video starts at a keyframe.
/// </summary>
public sealed class WhepSession : IIcePeer
{
    private readonly object _gate = new();
    private readonly IngestServer _server;
    private readonly RoomRtpRelay _relay;
    private readonly DtlsSrtpTransport _dtls;
    private readonly List<SocketAddress> _addresses = [];
    private readonly byte[] _send = new byte[1600];
    private readonly byte[] _rtcp = new byte[256];
    private readonly long _createdMs = Environment.TickCount64;
    private readonly OutboundTrack? _video;
    private readonly OutboundTrack? _audio;

    private IceUdpSocket? _socket;
    private SocketAddress? _remote;
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private long _lastPacketMs = Environment.TickCount64;
    private long _lastReportMs;
    private bool _ended;
    private long _nacksAnswered;
    private long _keyframeRequests;

    internal WhepSession(IngestServer server, RoomRtpRelay relay, string id, NegotiatedOffer offer, string localUfrag, string localPwd,
        DtlsCertificate certificate)
    {
        _server = server;
        _relay = relay;
        Id = id;
        RoomId = relay.RoomId;
        Offer = offer;
        LocalUfrag = localUfrag;
        PasswordKey = System.Text.Encoding.UTF8.GetBytes(localPwd);
        if (offer.Video is not null) _video = new OutboundTrack((byte)offer.Video.PayloadType, RandomSsrc(), 90000);
        if (offer.Audio is not null) _audio = new OutboundTrack((byte)offer.Audio.PayloadType, RandomSsrc(), 48000);
        _dtls = new DtlsSrtpTransport(certificate, offer.Fingerprint, SendDtls);
        _dtls.HandshakeCompleted += OnHandshakeCompleted;
        _dtls.Closed += (clean, error) => _server.EndViewer(this);
    }

    public string Id { get; }

    public string RoomId { get; }

    public NegotiatedOffer Offer { get; }

    public string LocalUfrag { get; }

    public byte[] PasswordKey { get; }

    /// <summary>The SSRCs the answer announces (0 for a kind the offer did not ask for).</summary>
    public (uint Video, uint Audio) Ssrcs => (_video?.Ssrc ?? 0, _audio?.Ssrc ?? 0);

    public bool Connected => Volatile.Read(ref _outbound) is not null;

    /// <summary>The viewer's offer asked for audio (a video-only offer gets no audio track).</summary>
    public bool TakesAudio => _audio is not null;

    public long VideoPacketsSent => _video is null ? 0 : Interlocked.Read(ref _video.Packets);

    public long AudioPacketsSent => _audio is null ? 0 : Interlocked.Read(ref _audio.Packets);

    public long NacksAnswered => Interlocked.Read(ref _nacksAnswered);

    public long KeyframeRequestsReceived => Interlocked.Read(ref _keyframeRequests);

    public IReadOnlyList<SocketAddress> Addresses => _addresses;

    internal void Start() => _dtls.Start();

    public void OnIceCheck(IceUdpSocket socket, SocketAddress remote, IPEndPoint remoteEndPoint, bool useCandidate, bool isNewAddress)
    {
        lock (_gate)
        {
            if (_ended) return;
            _lastPacketMs = Environment.TickCount64;
            if (isNewAddress) _addresses.Add(remote);
            if (_remote is null || useCandidate)
            {
                _socket = socket;
                _remote = remote;
            }
        }
    }

    public void OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (!DtlsRecord.IsWellFormedDatagram(datagram)) return;
        _lastPacketMs = Environment.TickCount64;
        _dtls.Enqueue(datagram);
    }

    /// <summary>SRTCP from the viewer: receiver reports, NACK (RFC 4585 §6.2.1), PLI (§6.3.1), FIR (RFC 5104 §4.3.1).</summary>
    public void OnSrtp(Span<byte> datagram)
    {
        lock (_gate)
        {
            if (_ended || _inbound is null) return;
            _lastPacketMs = Environment.TickCount64;
            if (!RtpPacket.IsRtcp(datagram) || _inbound.UnprotectRtcp(datagram, out int length) != SrtpError.None) return;
            ReadFeedback(datagram.Slice(0, length));
        }
    }

    private void ReadFeedback(ReadOnlySpan<byte> data)
    {
        int pos = 0;
        while (pos + 12 <= data.Length && (data[pos] >> 6) == 2)
        {
            int length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(data.Slice(pos + 2)) + 1);
            if (pos + length > data.Length) return;
            var packet = data.Slice(pos, length);
            int fmt = packet[0] & 0x1F;
            if (packet[1] == 205 && fmt == 1 && _video is not null)
            {
                for (int at = 12; at + 4 <= packet.Length; at += 4)
                {
                    ushort pid = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(at));
                    ushort blp = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(at + 2));
                    Retransmit(pid);
                    for (int bit = 0; bit < 16; bit++)
                    {
                        if ((blp & (1 << bit)) != 0) Retransmit((ushort)(pid + bit + 1));
                    }
                }
            }
            else if (packet[1] == 206 && (fmt == 1 || fmt == 4))
            {
                Interlocked.Increment(ref _keyframeRequests);
                _relay.RequestKeyframe(Environment.TickCount64);
            }

            pos += length;
        }
    }

    private void Retransmit(ushort viewerSequence)
    {
        var video = _video!;
        if (!video.Started) return;
        var source = (ushort)(viewerSequence - video.SequenceOffset);
        int length = _relay.TryCopyCached(source, _send);
        if (length == 0) return;
        Interlocked.Increment(ref _nacksAnswered);
        int protectedLength = Rewrite(video, _send, length, source);
        if (protectedLength > 0) _socket?.Send(_send.AsSpan(0, protectedLength), _remote!);
    }

    /// <summary>
    /// A publisher packet for this viewer (called on the publisher's thread): rewritten and encrypted into a slot of
    /// <paramref name="batch"/>, which the relay sends together with the other viewers' copies.
    /// </summary>
    internal void Forward(bool video, ReadOnlySpan<byte> packet, ushort sequence, bool keyframeStart, DatagramBatch batch)
    {
        lock (_gate)
        {
            var track = video ? _video : _audio;
            if (_ended || _outbound is null || track is null || _socket is null || _remote is null) return;
            if (!track.Started)
            {
                if (video && !keyframeStart)
                {
                    _relay.RequestKeyframe(Environment.TickCount64);
                    return;
                }

                track.Started = true;
                track.SequenceOffset = (ushort)(track.FirstSequence - sequence);
            }

            if (packet.Length > DatagramBatch.SlotSize - _outbound.RtpOverhead) return;
            var slot = batch.Reserve(_socket, _remote);
            packet.CopyTo(slot);
            int length = Rewrite(track, slot, packet.Length, sequence);
            if (length > 0)
            {
                // The newest picture sent, which the sender reports map to the wall clock (a NACK's answer is an old one
                // and leaves it alone).
                track.LastTimestamp = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
                track.LastSentTicks = DateTime.UtcNow.Ticks;
            }
            batch.Commit(length);
        }
    }

    /// <summary>
    /// Rewrites a publisher packet in <paramref name="packet"/> (its first <paramref name="length"/> bytes) for this
    /// viewer: its payload type, SSRC and sequence, no header extensions (their ids were negotiated with the publisher,
    /// not with this viewer); then SRTP. Returns the length to send, 0 for a packet that cannot be sent.
    /// </summary>
    private int Rewrite(OutboundTrack track, Span<byte> packet, int length, ushort sourceSequence)
    {
        if (length < 12) return 0;
        int csrcEnd = 12 + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0 && csrcEnd + 4 <= length)
        {
            int extension = 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(csrcEnd + 2));
            if (csrcEnd + extension > length) return 0;
            packet.Slice(csrcEnd + extension, length - csrcEnd - extension).CopyTo(packet.Slice(csrcEnd));
            length -= extension;
            packet[0] &= 0xEF;
        }

        packet[1] = (byte)((packet[1] & 0x80) | track.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2), (ushort)(sourceSequence + track.SequenceOffset));
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8), track.Ssrc);
        Interlocked.Increment(ref track.Packets);
        track.Octets += length - csrcEnd;
        return _outbound!.ProtectRtp(packet, length);
    }

    /// <summary>Timeout and sender reports (RFC 3550 §6.4.1) once a second; called by the server's timer.</summary>
    internal void Tick(long nowMs)
    {
        lock (_gate)
        {
            if (_ended) return;
            if (nowMs - _lastPacketMs > 15_000 || (_inbound is null && nowMs - _createdMs > 15_000))
            {
                ThreadPool.QueueUserWorkItem(_ => _server.EndViewer(this));
                return;
            }

            if (_outbound is null || _socket is null || nowMs - _lastReportMs < 1000) return;
            _lastReportMs = nowMs;
            int length = 0;
            foreach (var track in new[] { _video, _audio })
            {
                if (track is null || !track.Started) continue;
                length += WriteSenderReport(_rtcp.AsSpan(length), track);
            }

            if (length == 0) return;
            int protectedLength = _outbound.ProtectRtcp(_rtcp, length);
            _socket.Send(_rtcp.AsSpan(0, protectedLength), _remote!);
        }
    }

    private static int WriteSenderReport(Span<byte> dst, OutboundTrack track)
    {
        var now = DateTime.UtcNow;
        // The RTP timestamp of this instant: the last sent packet's, advanced by the time since it was sent.
        uint rtp = track.LastTimestamp + (uint)((now.Ticks - track.LastSentTicks) * track.ClockRate / TimeSpan.TicksPerSecond);
        double ntpSeconds = (now - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        ulong ntp = ((ulong)Math.Floor(ntpSeconds) << 32) | (uint)((ntpSeconds - Math.Floor(ntpSeconds)) * 4294967296.0);
        dst[0] = 0x80;
        dst[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), track.Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(dst.Slice(8), ntp);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(16), rtp);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(20), (uint)track.Packets);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(24), (uint)track.Octets);
        return 28;
    }

    private void OnHandshakeCompleted(SrtpProfile profile, SrtpMasterKeys client, SrtpMasterKeys server)
    {
        lock (_gate)
        {
            if (_ended) return;
            _inbound = new SrtpContext(client);
            Volatile.Write(ref _outbound, new SrtpContext(server));
        }

        _relay.RequestKeyframe(Environment.TickCount64);
    }

    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        var socket = _socket;
        var remote = _remote;
        if (socket is not null && remote is not null) socket.Send(datagram, remote);
    }

    /// <summary>Ends the viewer once. Returns false when it had already ended.</summary>
    internal bool End()
    {
        lock (_gate)
        {
            if (_ended) return false;
            _ended = true;
            _dtls.Dispose();
            _inbound?.Dispose();
            _outbound?.Dispose();
            return true;
        }
    }

    private static uint RandomSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    private sealed class OutboundTrack(byte payloadType, uint ssrc, int clockRate)
    {
        public byte PayloadType { get; } = payloadType;

        public uint Ssrc { get; } = ssrc;

        public int ClockRate { get; } = clockRate;

        public ushort FirstSequence { get; } = (ushort)RandomNumberGenerator.GetInt32(0, 30000);

        public bool Started { get; set; }

        public ushort SequenceOffset { get; set; }

        public uint LastTimestamp { get; set; }

        public long LastSentTicks { get; set; }

        public long Octets { get; set; }

        public long Packets;
    }
}
