namespace Stagecast.Media.Rtmp;

/// <summary>RTMP ingest settings (configuration section <c>Stagecast:Rtmp</c>).</summary>
public sealed class RtmpOptions
{
    /// <summary>TCP port; 0 turns the listener off. Tests bind an ephemeral port with <see cref="BindAnyPort"/>.</summary>
    public int Port { get; set; } = 1935;

    /// <summary>Listen on a free port chosen by the system (tests).</summary>
    public bool BindAnyPort { get; set; }

    /// <summary>Address to listen on ("0.0.0.0", "::", "127.0.0.1").</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The application name in <c>rtmp://host/{Application}/{streamKey}</c>.</summary>
    public string Application { get; set; } = "live";

    public int MaxConnections { get; set; } = 500;

    public int MaxConnectionsPerAddress { get; set; } = 8;

    /// <summary>A connection that sends nothing for this long (mid-chunk included) is closed.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Handshake, connect and publish must be done within this time.</summary>
    public TimeSpan PublishDeadline { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a publisher's key and room are checked again (ending the room or rotating the key cuts it).</summary>
    public TimeSpan RevalidateInterval { get; set; } = TimeSpan.FromSeconds(3);

    public int MaxMessageSize { get; set; } = RtmpChunkReader.DefaultMaxMessageSize;

    /// <summary>RTMPS (RTMP over TLS) port; 0 (the default) turns RTMPS off. Needs <see cref="CertificatePath"/>.</summary>
    public int TlsPort { get; set; }

    /// <summary>RTMPS on a free port chosen by the system (tests).</summary>
    public bool TlsBindAnyPort { get; set; }

    /// <summary>The RTMPS certificate: a PEM file (with <see cref="CertificateKeyPath"/>, or the key in the same file) or a PFX/PKCS#12 file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key when it is not in <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// WHEP viewers of an RTMP room get its AAC transcoded to Opus by ffmpeg (one process per room, only while it has
    /// WHEP viewers on this node). Off: such rooms are real-time for video only (<c>Stagecast-Whep-Audio: none</c>).
    /// </summary>
    public bool WhepAudio { get; set; } = true;

    /// <summary>Whether RTMPS is asked for.</summary>
    public bool TlsEnabled => TlsPort != 0 || TlsBindAnyPort;
}
