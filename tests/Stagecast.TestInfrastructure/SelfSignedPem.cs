using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stagecast.TestInfrastructure;

/// <summary>A self-signed certificate for 127.0.0.1 (a day long) written as PEM files, for the RTMPS tests.</summary>
public static class SelfSignedPem
{
    /// <summary>Writes rtmps.crt and rtmps.key into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Cert, string Key) Write(string directory)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var cert = Path.Combine(directory, "rtmps.crt");
        var key = Path.Combine(directory, "rtmps.key");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }
}
