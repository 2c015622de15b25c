using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Stagecast.Media.Dtls;
using Stagecast.Media.Rtcp;
using Stagecast.Media.Srtp;
using Stagecast.Media.Stun;
using BcHashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace Stagecast.Ingest.Tests.Loopback;

/// <summary>
/// A minimal WebRTC publisher for tests: one UDP socket, an ICE check with USE-CANDIDATE, a BouncyCastle
/// DTLS client offering use_srtp, then SRTP out and SRTCP (PLI, RR) in. With a recvonly offer it is a WHEP
/// viewer: <see cref="MediaReceived"/> gets each decrypted RTP packet.
/// </summary>
public sealed class WhipTestClient : DatagramTransport, IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly BlockingCollection<byte[]> _dtls = new(new ConcurrentQueue<byte[]>());
    private readonly BlockingCollection<byte[]> _stun = new(new ConcurrentQueue<byte[]>());
    private readonly string _ufrag = "cl" + RandomNumberGenerator.GetHexString(6, true);
    private readonly string _pwd = RandomNumberGenerator.GetHexString(24, true);
    private readonly Thread _receiver;
    private volatile bool _disposed;
    private IPEndPoint? _server;
    private string? _serverUfrag;
    private byte[]? _serverPwd;
    private string? _serverFingerprint;
    private DtlsTransport? _dtlsTransport;
    private SrtpContext? _srtpOut;
    private SrtpContext? _srtcpIn;
    private SrtpContext? _srtpIn;
    private readonly byte[] _sendBuffer = new byte[2048];

    public WhipTestClient(DtlsCertificate? certificate = null, string? advertisedFingerprint = null)
    {
        Certificate = certificate ?? DtlsCertificate.CreateSelfSigned("CN=test-publisher");
        OfferFingerprint = advertisedFingerprint ?? Certificate.Fingerprint;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "test-peer" };
        _receiver.Start();
    }

    public DtlsCertificate Certificate { get; }
    public string OfferFingerprint { get; }
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;
    public int PlisReceived;
    public int ReceiverReportsReceived;
    public int NacksReceived;
    public ushort LastNackedSequence;
    public int RtcpAuthFailures;
    public int SenderReportsReceived;

    /// <summary>The RTP timestamp of the last sender report received (RFC 3550 §6.4.1).</summary>
    public uint LastSenderReportRtp;
    public SrtpProfile Profile { get; private set; }

    /// <summary>A decrypted RTP packet from the server (a WHEP viewer's media), on the receive thread.</summary>
    public Action<ReadOnlySpan<byte>>? MediaReceived { get; set; }

    /// <summary>RTP packets that arrived (decrypted or not: see <see cref="MediaReceived"/>).</summary>
    public long RtpReceived;

    /// <summary>Stops reading the socket after the next datagram (a load test's silent viewers: the kernel drops for them).</summary>
    public void StopReading() => _stopReading = true;

    private volatile bool _stopReading;

    /// <summary>An offer as a browser would send it: BUNDLE, rtcp-mux, actpass, Opus and H.264 (mode 1 and 0).</summary>
    public string CreateOffer(bool audio = true, bool video = true, string direction = "sendonly")
    {
        var sb = new StringBuilder();
        sb.Append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        var mids = new List<string>();
        if (audio)
        {
            mids.Add("0");
        }
        if (video)
        {
            mids.Add("1");
        }
        sb.Append("a=group:BUNDLE ").Append(string.Join(' ', mids)).Append("\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\n");
        void Common(string mid)
        {
            sb.Append("c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n");
            sb.Append("a=ice-ufrag:").Append(_ufrag).Append("\r\na=ice-pwd:").Append(_pwd).Append("\r\n");
            sb.Append("a=ice-options:trickle\r\na=fingerprint:sha-256 ").Append(OfferFingerprint).Append("\r\n");
            sb.Append("a=setup:actpass\r\na=mid:").Append(mid).Append("\r\na=").Append(direction).Append("\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
        }
        if (audio)
        {
            sb.Append("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 0\r\n");
            Common("0");
            sb.Append("a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");
            sb.Append("a=rtpmap:63 red/48000/2\r\na=rtpmap:0 PCMU/8000\r\na=ssrc:1111 cname:test\r\n");
        }
        if (video)
        {
            sb.Append("m=video 9 UDP/TLS/RTP/SAVPF 96 102 103 104\r\n");
            Common("1");
            sb.Append("a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack pli\r\n");
            sb.Append("a=rtpmap:102 H264/90000\r\na=rtcp-fb:102 nack\r\na=rtcp-fb:102 nack pli\r\na=rtcp-fb:102 ccm fir\r\n");
            sb.Append("a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\n");
            sb.Append("a=rtpmap:103 H264/90000\r\na=rtcp-fb:103 nack\r\na=rtcp-fb:103 nack pli\r\n");
            sb.Append("a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n");
            sb.Append("a=rtpmap:104 rtx/90000\r\na=fmtp:104 apt=103\r\na=ssrc:2222 cname:test\r\n");
        }
        return sb.ToString();
    }

    /// <summary>Reads the answer's credentials, fingerprint and first host candidate.</summary>
    public void ApplyAnswer(string answer)
    {
        foreach (var raw in answer.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                _serverUfrag = line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                _serverPwd = Encoding.UTF8.GetBytes(line["a=ice-pwd:".Length..]);
            }
            else if (line.StartsWith("a=fingerprint:sha-256 ", StringComparison.Ordinal))
            {
                _serverFingerprint = line["a=fingerprint:sha-256 ".Length..];
            }
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal) && _server is null)
            {
                var parts = line.Split(' ');
                _server = new IPEndPoint(IPAddress.Parse(parts[4]), int.Parse(parts[5], CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Sends a Binding request (USE-CANDIDATE) and checks the response's MI and XOR-MAPPED-ADDRESS.</summary>
    public bool CheckConnectivity(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var txid = RandomNumberGenerator.GetBytes(12);
            var buffer = new byte[256];
            var w = new StunWriter(buffer, StunConstants.BindingRequest, txid);
            w.AddAttribute(StunConstants.AttrUsername, Encoding.UTF8.GetBytes($"{_serverUfrag}:{_ufrag}"));
            w.AddUInt32(StunConstants.AttrPriority, 0x6E0001FF);
            w.AddUInt64(StunConstants.AttrIceControlling, 0x1234567890ABCDEF);
            w.AddAttribute(StunConstants.AttrUseCandidate, []);
            w.AddMessageIntegrity(_serverPwd);
            w.AddFingerprint();
            _socket.SendTo(buffer.AsSpan(0, w.Length), SocketFlags.None, _server!);
            if (_stun.TryTake(out var response, 500) && StunMessage.TryParse(response, out var info) &&
                info.Type == StunConstants.BindingSuccess && response.AsSpan(8, 12).SequenceEqual(txid) &&
                StunMessage.VerifyMessageIntegrity(response, info, _serverPwd) && StunMessage.VerifyFingerprint(response, info) &&
                StunMessage.TryReadXorMappedAddress(response, info, out var mapped) && mapped!.Equals(LocalEndPoint))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Sends a raw datagram to the server (fuzzing, floods).</summary>
    public void SendRaw(ReadOnlySpan<byte> data) => _socket.SendTo(data, SocketFlags.None, _server!);

    public void Handshake()
    {
        var client = new SrtpDtlsClient(new BcTlsCrypto(new SecureRandom()), Certificate, _serverFingerprint!);
        _dtlsTransport = new DtlsClientProtocol().Connect(client, this);
        Profile = client.Profile;
        var (clientKeys, serverKeys) = SrtpMasterKeys.FromExporter(client.Profile, client.KeyingMaterial!);
        _srtpOut = new SrtpContext(clientKeys);
        _srtcpIn = new SrtpContext(serverKeys);
        _srtpIn = new SrtpContext(serverKeys);
    }

    /// <summary>Closes DTLS with close_notify, as a browser does on pc.close().</summary>
    public void CloseDtls() => _dtlsTransport?.Close();

    public void SendRtp(byte[] rtp)
    {
        lock (_sendBuffer)
        {
            rtp.CopyTo(_sendBuffer, 0);
            int len = _srtpOut!.ProtectRtp(_sendBuffer, rtp.Length);
            _socket.SendTo(_sendBuffer.AsSpan(0, len), SocketFlags.None, _server!);
        }
    }

    /// <summary>Sends an RTP packet made from <paramref name="template"/> with a new sequence number, timestamp and SSRC.</summary>
    public void SendRtp(ReadOnlySpan<byte> template, ushort seq, uint timestamp, uint ssrc)
    {
        lock (_sendBuffer)
        {
            template.CopyTo(_sendBuffer);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(_sendBuffer.AsSpan(2), seq);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_sendBuffer.AsSpan(4), timestamp);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_sendBuffer.AsSpan(8), ssrc);
            int len = _srtpOut!.ProtectRtp(_sendBuffer, template.Length);
            _socket.SendTo(_sendBuffer.AsSpan(0, len), SocketFlags.None, _server!);
        }
    }

    public void SendRtcp(byte[] rtcp)
    {
        lock (_sendBuffer)
        {
            rtcp.CopyTo(_sendBuffer, 0);
            int len = _srtpOut!.ProtectRtcp(_sendBuffer, rtcp.Length);
            _socket.SendTo(_sendBuffer.AsSpan(0, len), SocketFlags.None, _server!);
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_disposed && !_stopReading)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            if (n == 0)
            {
                continue;
            }
            byte first = buffer[0];
            if (first < 4)
            {
                _stun.Add(buffer.AsSpan(0, n).ToArray());
            }
            else if (first is >= 20 and <= 63)
            {
                _dtls.Add(buffer.AsSpan(0, n).ToArray());
            }
            else if (first is >= 128 and <= 191 && n >= 2 && buffer[1] is >= 192 and <= 223)
            {
                // RTCP and RTP on one port are told apart by the packet type (RFC 5761 §4).
                HandleRtcp(buffer.AsSpan(0, n));
            }
            else if (first is >= 128 and <= 191)
            {
                HandleRtp(buffer.AsSpan(0, n));
            }
        }
    }

    private void HandleRtp(Span<byte> packet)
    {
        Interlocked.Increment(ref RtpReceived);
        var srtp = _srtpIn;
        var received = MediaReceived;
        if (srtp is null || received is null || srtp.UnprotectRtp(packet, out int len) != SrtpError.None)
        {
            return;
        }
        received(packet.Slice(0, len));
    }

    private void HandleRtcp(Span<byte> packet)
    {
        var srtcp = _srtcpIn;
        if (srtcp is null)
        {
            return;
        }
        if (srtcp.UnprotectRtcp(packet, out int len) != SrtpError.None)
        {
            Interlocked.Increment(ref RtcpAuthFailures);
            return;
        }
        int pos = 0;
        while (pos + 4 <= len)
        {
            int plen = 4 * (((packet[pos + 2] << 8) | packet[pos + 3]) + 1);
            if (packet[pos + 1] == RtcpType.PayloadFeedback && (packet[pos] & 0x1F) == 1)
            {
                Interlocked.Increment(ref PlisReceived);
            }
            else if (packet[pos + 1] == RtcpType.TransportFeedback && (packet[pos] & 0x1F) == 1 && plen >= 16)
            {
                LastNackedSequence = (ushort)((packet[pos + 12] << 8) | packet[pos + 13]);
                Interlocked.Increment(ref NacksReceived);
            }
            else if (packet[pos + 1] == RtcpType.SenderReport && plen >= 28)
            {
                LastSenderReportRtp = (uint)((packet[pos + 16] << 24) | (packet[pos + 17] << 16) | (packet[pos + 18] << 8) | packet[pos + 19]);
                Interlocked.Increment(ref SenderReportsReceived);
            }
            else if (packet[pos + 1] == RtcpType.ReceiverReport)
            {
                Interlocked.Increment(ref ReceiverReportsReceived);
            }
            pos += plen;
        }
    }

    public int GetReceiveLimit() => 1500;
    public int GetSendLimit() => 1200;
    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (!_dtls.TryTake(out var d, waitMillis))
        {
            return -1;
        }
        d.CopyTo(buffer);
        return d.Length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));
    public void Send(ReadOnlySpan<byte> buffer) => _socket.SendTo(buffer, SocketFlags.None, _server!);
    public void Close()
    {
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
        _srtpOut?.Dispose();
        _srtcpIn?.Dispose();
    }

    private sealed class SrtpDtlsClient(BcTlsCrypto crypto, DtlsCertificate certificate, string serverFingerprint) : DefaultTlsClient(crypto)
    {
        private readonly BcTlsCrypto _crypto = crypto;
        private readonly DtlsCertificate _certificate = certificate;
        private readonly string _serverFingerprint = serverFingerprint;

        public SrtpProfile Profile { get; private set; }
        public byte[]? KeyingMaterial { get; private set; }

        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

        protected override int[] GetSupportedCipherSuites() => [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

        public override IDictionary<int, byte[]> GetClientExtensions()
        {
            var ext = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
            TlsSrtpUtilities.AddUseSrtpExtension(ext, new UseSrtpData(
                [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80], TlsUtilities.EmptyBytes));
            return ext;
        }

        public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
        {
            base.ProcessServerExtensions(serverExtensions);
            var data = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions) ?? throw new TlsFatalAlert(AlertDescription.handshake_failure);
            Profile = (SrtpProfile)data.ProtectionProfiles[0];
        }

        public override TlsAuthentication GetAuthentication() => new Authentication(this);

        public override void NotifyHandshakeComplete()
        {
            base.NotifyHandshakeComplete();
            int length = 2 * (SrtpMasterKeys.KeyLength(Profile) + SrtpMasterKeys.SaltLength(Profile));
            KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
        }

        private sealed class Authentication(SrtpDtlsClient owner) : TlsAuthentication
        {
            public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
            {
                var der = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();
                if (DtlsCertificate.FormatFingerprint(SHA256.HashData(der)) != owner._serverFingerprint)
                {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate);
                }
            }

            public TlsCredentials GetClientCredentials(Org.BouncyCastle.Tls.CertificateRequest certificateRequest) =>
                new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(owner.m_context), owner._crypto, owner._certificate.PrivateKey,
                    owner._certificate.ToTlsCertificate(owner._crypto),
                    SignatureAndHashAlgorithm.GetInstance(BcHashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
    }
}
