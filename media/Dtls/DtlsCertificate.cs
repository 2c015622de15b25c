using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;
using DotNetCertificateRequest = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace Stagecast.Media.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate the DTLS server presents (RFC 8827 §6.5). Peers check it
/// against the SHA-256 fingerprint we put in the answer (RFC 8122 §5), so no CA is involved.
/// </summary>
public sealed class DtlsCertificate
{
    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        Fingerprint = FormatFingerprint(SHA256.HashData(der));
    }

    /// <summary>The certificate in DER form.</summary>
    public byte[] Der { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>SHA-256 of the DER, upper-case hex pairs joined by colons, as written after "a=fingerprint:sha-256".</summary>
    public string Fingerprint { get; }

    public static DtlsCertificate CreateSelfSigned(string subject = "CN=stagecast-ingest")
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new DotNetCertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(365));
        return new DtlsCertificate(cert.RawData, PrivateKeyFactory.CreateKey(ecdsa.ExportPkcs8PrivateKey()));
    }

    public BcCertificate ToTlsCertificate(BcTlsCrypto crypto) =>
        new([crypto.CreateCertificate(Der)]);

    public static string FormatFingerprint(ReadOnlySpan<byte> hash) =>
        string.Join(':', hash.ToArray().Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
