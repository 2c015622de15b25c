namespace Stagecast.Media.Whip;

/// <summary>Configuration of the WHIP ingest (section "Ingest" in the gateway's configuration).</summary>
public sealed class IngestOptions
{
    /// <summary>The one UDP port every ICE-lite socket listens on; 0 picks a free one (tests).</summary>
    public int UdpPort { get; set; } = 8189;

    /// <summary>
    /// Local addresses to bind, one socket each, and what to advertise for them in the answer (for 1:1 NAT,
    /// as Broadcast Box's NAT_1_TO_1_IP). Empty means 127.0.0.1 only.
    /// </summary>
    public List<IngestAddress> Addresses { get; set; } = [];

    /// <summary>A session ends after this long without any packet (consent freshness is ~30 s, RFC 7675).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A session whose DTLS handshake has not finished by then is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Periodic PLI: browsers send almost no keyframes otherwise (design brief §5).</summary>
    public TimeSpan PliInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>PLI period until the first keyframe has arrived.</summary>
    public TimeSpan StartupPliInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan ReceiverReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Publishers at once; a further offer is refused.</summary>
    public int MaxSessions { get; set; } = 200;

    /// <summary>
    /// Cross-gateway WHEP relay streams this gateway serves at once (<c>GET /internal/media/{roomId}/rtp</c>, one per room
    /// and edge gateway); a further one is refused with 503, as RTMP's listener refuses connections over its total.
    /// </summary>
    public int MaxRelayStreams { get; set; } = 500;

    /// <summary>
    /// Relay streams from one address at once (429 over it). An edge gateway opens one per room it relays from here,
    /// so this caps the rooms one edge can relay from this gateway; a replayed relay credential cannot open more.
    /// </summary>
    public int MaxRelayStreamsPerAddress { get; set; } = 100;

    /// <summary>
    /// WHEP viewers of one room that one thread serves per packet; a room with more is fanned out in shards of this
    /// size in parallel (one thread tops out near 450 viewers at 2.5 Mbit/s: docs/whep.md).
    /// </summary>
    public int WhepShardSize { get; set; } = 150;
}

public sealed class IngestAddress
{
    /// <summary>The local IP address to bind.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>The address clients reach it at, if not <see cref="Bind"/>.</summary>
    public string? Advertise { get; set; }
}
