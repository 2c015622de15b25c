using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Stagecast.Media.Srtp;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;
using BcCertificateRequest = Org.BouncyCastle.Tls.CertificateRequest;
using BcHashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace Stagecast.Media.Dtls;

/// <summary>
/// The BouncyCastle DTLS 1.2 server side of DTLS-SRTP (RFC 5764): ECDSA credentials, a client certificate
/// checked against the offer's fingerprint, use_srtp with exactly one profile and no MKI (RFC 8827), and the
/// exporter output taken inside <see cref="NotifyHandshakeComplete"/>, the only place BouncyCastle allows it.
/// </summary>
internal sealed class DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, string expectedClientFingerprint)
    : DefaultTlsServer(crypto)
{
    private int _profile = -1;

    public SrtpProfile? Profile { get; private set; }

    public byte[]? KeyingMaterial { get; private set; }

    public override int GetHandshakeTimeoutMillis() => 20_000;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    ];

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, certificate.PrivateKey,
            certificate.ToTlsCertificate(crypto), SignatureAndHashAlgorithm.GetInstance(BcHashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    public override BcCertificateRequest GetCertificateRequest()
    {
        // Chrome 124+ refuses servers that ask only for rsa_sign (sipsorcery#1104): list ecdsa_sign first.
        var algorithms = new List<SignatureAndHashAlgorithm>
        {
            SignatureAndHashAlgorithm.GetInstance(BcHashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.GetInstance(BcHashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.GetInstance(BcHashAlgorithm.sha256, SignatureAlgorithm.rsa),
        };
        return new BcCertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], algorithms, null);
    }

    public override bool RequiresExtendedMasterSecret() => true;

    public override void NotifyClientCertificate(BcCertificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
        // RFC 8122 §5 / RFC 5763 §5: the certificate must match the fingerprint from the offer.
        var der = clientCertificate.GetCertificateAt(0).GetEncoded();
        string actual = DtlsCertificate.FormatFingerprint(SHA256.HashData(der));
        if (!string.Equals(actual, expectedClientFingerprint, StringComparison.OrdinalIgnoreCase))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var useSrtp = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (useSrtp is null)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
        // Prefer AES_CM_128_HMAC_SHA1_80: every WebRTC stack offers it (RFC 8827 makes it mandatory).
        foreach (int preferred in new[] { SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM })
        {
            if (useSrtp.ProtectionProfiles.Contains(preferred))
            {
                _profile = preferred;
                break;
            }
        }
        if (_profile < 0)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([_profile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var profile = (SrtpProfile)_profile;
        int length = 2 * (SrtpMasterKeys.KeyLength(profile) + SrtpMasterKeys.SaltLength(profile));
        KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
        Profile = profile;
    }
}
