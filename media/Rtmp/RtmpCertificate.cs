using System.Security.Cryptography.X509Certificates;

namespace Stagecast.Media.Rtmp;

/// <summary>Loads the RTMPS certificate named in <see cref="RtmpOptions"/>: PEM (certificate and key) or PFX/PKCS#12.</summary>
public static class RtmpCertificate
{
    public static X509Certificate2 Load(RtmpOptions options)
    {
        var path = options.CertificatePath;
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidOperationException("RTMPS needs Stagecast:Rtmp:CertificatePath (a PEM or PFX file).");
        if (IsPem(path))
        {
            var key = string.IsNullOrWhiteSpace(options.CertificateKeyPath) ? null : options.CertificateKeyPath;
            return string.IsNullOrEmpty(options.CertificatePassword)
                ? X509Certificate2.CreateFromPemFile(path, key)
                : X509Certificate2.CreateFromEncryptedPemFile(path, options.CertificatePassword, key);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
    }

    private static bool IsPem(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[64];
        var n = file.Read(start);
        return System.Text.Encoding.ASCII.GetString(start[..n]).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}
