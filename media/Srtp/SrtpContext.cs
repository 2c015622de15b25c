// Kept whole (about 19 KB): SRTP and SRTCP share one key schedule, replay window and rollover counter per SSRC
// (RFC 3711 3.3.1, 3.3.2, 3.4, 4.3); splitting the protect/unprotect pairs apart would spread one protocol state machine.
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Stagecast.Media.Srtp;

/// <summary>
/// SRTP and SRTCP for one direction of one session (RFC 3711; AEAD_AES_128_GCM per RFC 7714).
/// Not thread-safe: a session calls it from one thread at a time. Works in place, allocates nothing per packet.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    public const int AuthTagLength = 10;
    public const int GcmTagLength = 16;
    private const int MaxBlocksPerCall = 64;

    private readonly SrtpProfile _profile;
    private readonly Aes _rtpAes = CreateEcb();
    private readonly Aes _rtcpAes = CreateEcb();
    private readonly AesGcm? _rtpGcm;
    private readonly AesGcm? _rtcpGcm;
    private readonly IncrementalHash? _rtpHmac;
    private readonly IncrementalHash? _rtcpHmac;
    private readonly byte[] _rtpSalt = new byte[14];
    private readonly byte[] _rtcpSalt = new byte[14];
    private readonly Dictionary<uint, SsrcState> _rtpStates = new();
    private readonly Dictionary<uint, RtcpState> _rtcpStates = new();
    private readonly ICryptoTransform _rtpCipher;
    private readonly ICryptoTransform _rtcpCipher;
    private readonly byte[] _keystream = new byte[MaxBlocksPerCall * 16];
    private readonly byte[] _counters = new byte[MaxBlocksPerCall * 16];
    private uint _rtcpSendIndex;

    public SrtpContext(SrtpMasterKeys keys)
        : this(keys.Profile, DeriveAll(keys))
    {
    }

    private SrtpContext(SrtpProfile profile, SessionKeys k)
    {
        _profile = profile;
        bool gcm = _profile == SrtpProfile.AeadAes128Gcm;
        _rtpAes.Key = k.RtpKey;
        _rtcpAes.Key = k.RtcpKey;
        k.RtpSalt.CopyTo(_rtpSalt, 0);
        k.RtcpSalt.CopyTo(_rtcpSalt, 0);
        // One ECB encryptor per key, reused for every packet: the one-shot EncryptEcb creates a native context per call.
        _rtpCipher = _rtpAes.CreateEncryptor(_rtpAes.Key, null);
        _rtcpCipher = _rtcpAes.CreateEncryptor(_rtcpAes.Key, null);
        if (gcm)
        {
            _rtpGcm = new AesGcm(k.RtpKey, GcmTagLength);
            _rtcpGcm = new AesGcm(k.RtcpKey, GcmTagLength);
        }
        else
        {
            _rtpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, k.RtpAuth);
            _rtcpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, k.RtcpAuth);
        }
    }

    /// <summary>
    /// A context over already-derived session keys, used for both SRTP and SRTCP: for the published test
    /// vectors (RFC 7714 §16 gives session keys, not master keys).
    /// </summary>
    public static SrtpContext FromSessionKeys(SrtpProfile profile, byte[] encryptionKey, byte[] salt, byte[]? authKey = null) =>
        new(profile, new SessionKeys(encryptionKey, salt, authKey ?? new byte[20], encryptionKey, salt, authKey ?? new byte[20]));

    private static SessionKeys DeriveAll(SrtpMasterKeys keys)
    {
        using var master = Aes.Create();
        master.Key = keys.Key;
        int saltLength = SrtpMasterKeys.SaltLength(keys.Profile);
        byte[] Derive(byte label, int length)
        {
            var output = new byte[length];
            DeriveSessionKey(master, keys.Salt, label, output);
            return output;
        }
        // RFC 3711 §4.3.1 labels: SRTP 0/1/2, SRTCP 3/4/5 (encryption, authentication, salt).
        return new SessionKeys(Derive(0x00, 16), Derive(0x02, saltLength), Derive(0x01, 20),
            Derive(0x03, 16), Derive(0x05, saltLength), Derive(0x04, 20));
    }

    private sealed record SessionKeys(byte[] RtpKey, byte[] RtpSalt, byte[] RtpAuth, byte[] RtcpKey, byte[] RtcpSalt, byte[] RtcpAuth);

    public SrtpProfile Profile => _profile;

    private static Aes CreateEcb()
    {
        var aes = Aes.Create();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        return aes;
    }

    /// <summary>Bytes that protection adds to an RTP packet.</summary>
    public int RtpOverhead => _profile == SrtpProfile.AeadAes128Gcm ? GcmTagLength : AuthTagLength;

    /// <summary>Bytes that protection adds to an RTCP packet (tag + E|index word).</summary>
    public int RtcpOverhead => RtpOverhead + 4;

    /// <summary>
    /// RFC 3711 §4.3.1 with key_derivation_rate 0: x = label at byte 7 XOR master salt, IV = x * 2^16,
    /// output = AES-CM keystream from that IV. For GCM the 12-byte salt is left-aligned (RFC 7714 §11).
    /// </summary>
    public static void DeriveSessionKey(Aes masterAes, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        Span<byte> block = stackalloc byte[16];
        int blocks = (output.Length + 15) / 16;
        Span<byte> stream = stackalloc byte[blocks * 16];
        for (int i = 0; i < blocks; i++)
        {
            iv.CopyTo(block);
            BinaryPrimitives.WriteUInt16BigEndian(block.Slice(14), (ushort)i);
            masterAes.EncryptEcb(block, stream.Slice(i * 16, 16), PaddingMode.None);
        }
        stream.Slice(0, output.Length).CopyTo(output);
    }

    /// <summary>
    /// XORs the AES-CM keystream (RFC 3711 §4.1.1) over <paramref name="data"/>: counter block =
    /// salt XOR SSRC at bytes 4..7 XOR 48-bit index at bytes 8..13, block number in bytes 14..15.
    /// </summary>
    private void ApplyKeystream(ICryptoTransform cipher, ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> data)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        salt.Slice(0, 14).CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (int i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (40 - 8 * i));
        }
        int block = 0;
        int offset = 0;
        while (offset < data.Length)
        {
            int chunk = Math.Min(data.Length - offset, MaxBlocksPerCall * 16);
            int blocks = (chunk + 15) / 16;
            var counters = _counters.AsSpan(0, blocks * 16);
            for (int b = 0; b < blocks; b++)
            {
                var c = counters.Slice(b * 16, 16);
                iv.CopyTo(c);
                BinaryPrimitives.WriteUInt16BigEndian(c.Slice(14), (ushort)(block + b));
            }
            cipher.TransformBlock(_counters, 0, blocks * 16, _keystream, 0);
            var target = data.Slice(offset, chunk);
            var ks = _keystream.AsSpan(0, chunk);
            for (int i = 0; i < chunk; i++)
            {
                target[i] ^= ks[i];
            }
            block += blocks;
            offset += chunk;
        }
    }

    /// <summary>Public for the RFC 3711 B.2 test vector: the AES-CM keystream for the given IV.</summary>
    public static void AesCmKeystream(Aes aes, ReadOnlySpan<byte> iv16, Span<byte> output)
    {
        Span<byte> block = stackalloc byte[16];
        Span<byte> outBlock = stackalloc byte[16];
        int n = 0;
        for (int off = 0; off < output.Length; off += 16, n++)
        {
            iv16.CopyTo(block);
            ushort counter = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(iv16.Slice(14)) + n);
            BinaryPrimitives.WriteUInt16BigEndian(block.Slice(14), counter);
            aes.EncryptEcb(block, outBlock, PaddingMode.None);
            outBlock.Slice(0, Math.Min(16, output.Length - off)).CopyTo(output.Slice(off));
        }
    }

    /// <summary>Length of the RTP header including CSRCs and the extension, or -1 when malformed.</summary>
    public static int RtpHeaderLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || (packet[0] >> 6) != 2)
        {
            return -1;
        }
        int len = 12 + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < len + 4)
            {
                return -1;
            }
            len += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(len + 2));
        }
        return len <= packet.Length ? len : -1;
    }

    /// <summary>
    /// RFC 3711 §3.3.1 / Appendix A: the most likely ROC for <paramref name="seq"/> given the highest
    /// authenticated sequence number s_l and the current ROC.
    /// </summary>
    public static uint EstimateRoc(uint roc, ushort highestSeq, ushort seq)
    {
        if (highestSeq < 32768)
        {
            return seq - highestSeq > 32768 && roc > 0 ? roc - 1 : roc;
        }
        return highestSeq - 32768 > seq ? roc + 1 : roc;
    }

    /// <summary>Authenticates and decrypts an SRTP packet in place; <paramref name="length"/> is the RTP length.</summary>
    public SrtpError UnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        int header = RtpHeaderLength(packet);
        int tagLength = RtpOverhead;
        if (header < 0 || packet.Length < header + tagLength)
        {
            return SrtpError.TooShort;
        }
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8));
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2));
        if (!_rtpStates.TryGetValue(ssrc, out var state))
        {
            state = new SsrcState { HighestSeq = seq };
            _rtpStates[ssrc] = state;
        }
        uint v = state.Initialized ? EstimateRoc(state.Roc, state.HighestSeq, seq) : 0;
        long index = ((long)v << 16) | seq;
        if (state.Initialized && !state.Replay.Check(index))
        {
            return SrtpError.Replayed;
        }
        int bodyEnd = packet.Length - tagLength;
        if (_profile == SrtpProfile.AeadAes128Gcm)
        {
            // RFC 7714 §8.1: IV = salt XOR (00 00 | SSRC | ROC | SEQ); AAD = the RTP header.
            Span<byte> iv = stackalloc byte[12];
            BuildGcmIv(_rtpSalt, ssrc, v, seq, iv);
            try
            {
                _rtpGcm!.Decrypt(iv, packet.Slice(header, bodyEnd - header), packet.Slice(bodyEnd, GcmTagLength),
                    packet.Slice(header, bodyEnd - header), packet.Slice(0, header));
            }
            catch (AuthenticationTagMismatchException)
            {
                return SrtpError.AuthenticationFailed;
            }
        }
        else
        {
            // RFC 3711 §4.2: tag = HMAC-SHA1(header | payload | ROC), truncated to 80 bits; check before decrypting.
            Span<byte> mac = stackalloc byte[20];
            Span<byte> rocBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, v);
            _rtpHmac!.AppendData(packet.Slice(0, bodyEnd));
            _rtpHmac.AppendData(rocBytes);
            _rtpHmac.GetHashAndReset(mac);
            if (!CryptographicOperations.FixedTimeEquals(mac.Slice(0, AuthTagLength), packet.Slice(bodyEnd, AuthTagLength)))
            {
                return SrtpError.AuthenticationFailed;
            }
            ApplyKeystream(_rtpCipher, _rtpSalt, ssrc, (ulong)index, packet.Slice(header, bodyEnd - header));
        }
        // §3.3.1: update s_l and ROC only once the packet is authentic.
        if (!state.Initialized)
        {
            state.Initialized = true;
            state.Roc = v;
            state.HighestSeq = seq;
        }
        else if (index > (((long)state.Roc << 16) | state.HighestSeq))
        {
            state.Roc = v;
            state.HighestSeq = seq;
        }
        state.Replay.Accept(index);
        length = bodyEnd;
        return SrtpError.None;
    }

    /// <summary>
    /// Encrypts and authenticates an RTP packet of <paramref name="length"/> bytes in place; the buffer
    /// needs <see cref="RtpOverhead"/> spare bytes. Sender-side ROC is kept per SSRC.
    /// </summary>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        int header = RtpHeaderLength(buffer.Slice(0, length));
        if (header < 0)
        {
            throw new ArgumentException("Not an RTP packet.", nameof(buffer));
        }
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(8));
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2));
        if (!_rtpStates.TryGetValue(ssrc, out var state))
        {
            state = new SsrcState { Initialized = true, HighestSeq = seq };
            _rtpStates[ssrc] = state;
        }
        else if (seq < state.HighestSeq && state.HighestSeq - seq > 32768)
        {
            state.Roc++;
            state.HighestSeq = seq;
        }
        else if (seq > state.HighestSeq)
        {
            state.HighestSeq = seq;
        }
        uint roc = state.Roc;
        long index = ((long)roc << 16) | seq;
        if (_profile == SrtpProfile.AeadAes128Gcm)
        {
            Span<byte> iv = stackalloc byte[12];
            BuildGcmIv(_rtpSalt, ssrc, roc, seq, iv);
            var payload = buffer.Slice(header, length - header);
            _rtpGcm!.Encrypt(iv, payload, payload, buffer.Slice(length, GcmTagLength), buffer.Slice(0, header));
            return length + GcmTagLength;
        }
        ApplyKeystream(_rtpCipher, _rtpSalt, ssrc, (ulong)index, buffer.Slice(header, length - header));
        Span<byte> mac = stackalloc byte[20];
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        _rtpHmac!.AppendData(buffer.Slice(0, length));
        _rtpHmac.AppendData(rocBytes);
        _rtpHmac.GetHashAndReset(mac);
        mac.Slice(0, AuthTagLength).CopyTo(buffer.Slice(length));
        return length + AuthTagLength;
    }

    /// <summary>
    /// Authenticates and decrypts an SRTCP packet in place (RFC 3711 §3.4: header(8) | encrypted |
    /// E+index(4) | tag(10); RFC 7714 §9: header | ciphertext | tag(16) | E+index).
    /// </summary>
    public SrtpError UnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        int tagLength = RtpOverhead;
        if (packet.Length < 8 + 4 + tagLength || (packet[0] >> 6) != 2)
        {
            return SrtpError.TooShort;
        }
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
        bool gcm = _profile == SrtpProfile.AeadAes128Gcm;
        int eIndexOffset = gcm ? packet.Length - 4 : packet.Length - tagLength - 4;
        uint eIndex = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(eIndexOffset));
        bool encrypted = (eIndex & 0x80000000u) != 0;
        uint index = eIndex & 0x7FFFFFFFu;
        if (!_rtcpStates.TryGetValue(ssrc, out var state))
        {
            state = new RtcpState();
            _rtcpStates[ssrc] = state;
        }
        if (!state.Replay.Check(index))
        {
            return SrtpError.Replayed;
        }
        if (gcm)
        {
            int bodyEnd = packet.Length - 4 - GcmTagLength;
            Span<byte> iv = stackalloc byte[12];
            BuildGcmRtcpIv(_rtcpSalt, ssrc, index, iv);
            Span<byte> aad = stackalloc byte[12];
            packet.Slice(0, 8).CopyTo(aad);
            packet.Slice(eIndexOffset, 4).CopyTo(aad.Slice(8));
            try
            {
                if (encrypted)
                {
                    _rtcpGcm!.Decrypt(iv, packet.Slice(8, bodyEnd - 8), packet.Slice(bodyEnd, GcmTagLength),
                        packet.Slice(8, bodyEnd - 8), aad);
                }
                else
                {
                    // RFC 7714 §9.2: unencrypted SRTCP authenticates everything as AAD.
                    return SrtpError.AuthenticationFailed;
                }
            }
            catch (AuthenticationTagMismatchException)
            {
                return SrtpError.AuthenticationFailed;
            }
            state.Replay.Accept(index);
            length = bodyEnd;
            return SrtpError.None;
        }
        int authEnd = packet.Length - tagLength;
        Span<byte> mac = stackalloc byte[20];
        _rtcpHmac!.AppendData(packet.Slice(0, authEnd));
        _rtcpHmac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac.Slice(0, AuthTagLength), packet.Slice(authEnd, AuthTagLength)))
        {
            return SrtpError.AuthenticationFailed;
        }
        if (encrypted)
        {
            ApplyKeystream(_rtcpCipher, _rtcpSalt, ssrc, index, packet.Slice(8, eIndexOffset - 8));
        }
        state.Replay.Accept(index);
        length = eIndexOffset;
        return SrtpError.None;
    }

    /// <summary>Encrypts and authenticates an RTCP compound packet in place; needs <see cref="RtcpOverhead"/> spare bytes.</summary>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (length < 8)
        {
            throw new ArgumentException("Not an RTCP packet.", nameof(buffer));
        }
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(4));
        uint index = _rtcpSendIndex++ & 0x7FFFFFFFu;
        uint eIndex = 0x80000000u | index;
        if (_profile == SrtpProfile.AeadAes128Gcm)
        {
            Span<byte> iv = stackalloc byte[12];
            BuildGcmRtcpIv(_rtcpSalt, ssrc, index, iv);
            Span<byte> aad = stackalloc byte[12];
            buffer.Slice(0, 8).CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(8), eIndex);
            var body = buffer.Slice(8, length - 8);
            _rtcpGcm!.Encrypt(iv, body, body, buffer.Slice(length, GcmTagLength), aad);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length + GcmTagLength), eIndex);
            return length + GcmTagLength + 4;
        }
        ApplyKeystream(_rtcpCipher, _rtcpSalt, ssrc, index, buffer.Slice(8, length - 8));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length), eIndex);
        Span<byte> mac = stackalloc byte[20];
        _rtcpHmac!.AppendData(buffer.Slice(0, length + 4));
        _rtcpHmac.GetHashAndReset(mac);
        mac.Slice(0, AuthTagLength).CopyTo(buffer.Slice(length + 4));
        return length + 4 + AuthTagLength;
    }

    private static void BuildGcmIv(ReadOnlySpan<byte> salt, uint ssrc, uint roc, ushort seq, Span<byte> iv)
    {
        iv.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(2), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(6), roc);
        BinaryPrimitives.WriteUInt16BigEndian(iv.Slice(10), seq);
        for (int i = 0; i < 12; i++)
        {
            iv[i] ^= salt[i];
        }
    }

    private static void BuildGcmRtcpIv(ReadOnlySpan<byte> salt, uint ssrc, uint index, Span<byte> iv)
    {
        // RFC 7714 §9.1: 00 00 | SSRC | 00 00 | 0 + 31-bit SRTCP index.
        iv.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(2), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(8), index & 0x7FFFFFFFu);
        for (int i = 0; i < 12; i++)
        {
            iv[i] ^= salt[i];
        }
    }

    public void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpAes.Dispose();
        _rtcpAes.Dispose();
        _rtpGcm?.Dispose();
        _rtcpGcm?.Dispose();
        _rtpHmac?.Dispose();
        _rtcpHmac?.Dispose();
    }

    private sealed class SsrcState
    {
        public bool Initialized;
        public uint Roc;
        public ushort HighestSeq;
        public readonly ReplayWindow Replay = new();
    }

    private sealed class RtcpState
    {
        public readonly ReplayWindow Replay = new();
    }
}
