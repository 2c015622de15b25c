namespace Stagecast.Media.Srtp;

/// <summary>SRTP protection profiles negotiated by DTLS use_srtp (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
public enum SrtpProfile
{
    AesCm128HmacSha1_80 = 0x0001,
    AeadAes128Gcm = 0x0007,
}

/// <summary>Master keys for one direction, as exported by DTLS-SRTP (RFC 5764 §4.2).</summary>
public sealed record SrtpMasterKeys(SrtpProfile Profile, byte[] Key, byte[] Salt)
{
    public static int KeyLength(SrtpProfile profile) => 16;

    public static int SaltLength(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>
    /// Splits the exporter output "client_key | server_key | client_salt | server_salt" (RFC 5764 §4.2)
    /// into the keys the client protects with and those the server protects with.
    /// </summary>
    public static (SrtpMasterKeys Client, SrtpMasterKeys Server) FromExporter(SrtpProfile profile, ReadOnlySpan<byte> material)
    {
        int k = KeyLength(profile);
        int s = SaltLength(profile);
        if (material.Length < 2 * (k + s))
        {
            throw new ArgumentException("Keying material is too short.", nameof(material));
        }
        var client = new SrtpMasterKeys(profile, material.Slice(0, k).ToArray(), material.Slice(2 * k, s).ToArray());
        var server = new SrtpMasterKeys(profile, material.Slice(k, k).ToArray(), material.Slice(2 * k + s, s).ToArray());
        return (client, server);
    }
}
