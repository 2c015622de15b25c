using System.Collections.Concurrent;
using System.Security.Cryptography;
using Stagecast.Media.Sdp;
using Stagecast.Media.Whep;

namespace Stagecast.Media.Whip;

/// <summary>
/// WHEP viewers on the ingest's sockets: each room with viewers has a <see cref="RoomRtpRelay"/> fed by its WHIP
/// publisher, or by an <see cref="AccessUnitRtpFeed"/> for a room published another way (RTMP).
/// </summary>
public sealed partial class IngestServer
{
    private readonly ConcurrentDictionary<string, WhepSession> _viewers = new();
    private readonly ConcurrentDictionary<string, RoomRtpRelay> _relays = new();

    /// <summary>The most WHEP viewers this node serves.</summary>
    public int MaxViewers { get; init; } = 1000;

    /// <summary>
    /// Answers a WHEP offer for a room whose WHIP publisher is on this node, or, with <paramref name="fedExternally"/>,
    /// a room whose relay is fed by the caller (RTMP through <see cref="AccessUnitRtpFeed"/>).
    /// </summary>
    public WhipCreateResult CreateViewer(string roomId, string offerSdp, bool fedExternally = false)
    {
        if (!_started) throw new InvalidOperationException("Start the ingest server first.");
        var refusal = OfferNegotiator.Negotiate(offerSdp, playback: true, out var offer, out var reason);
        if (refusal != OfferRefusal.None || offer is null)
        {
            return new WhipCreateResult(WhipCreateStatus.Refused, null, null, refusal, reason);
        }

        if (!fedExternally && !_byRoom.ContainsKey(roomId))
        {
            return new WhipCreateResult(WhipCreateStatus.NotLive, null, null, OfferRefusal.None, "The room has no WebRTC publisher on this node.");
        }

        if (_viewers.Count >= MaxViewers)
        {
            return new WhipCreateResult(WhipCreateStatus.Overloaded, null, null, OfferRefusal.None, "This node serves as many viewers as it can.");
        }

        var relay = RelayFor(roomId);
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string ufrag = RandomIceString(8);
        string pwd = RandomIceString(24);
        var viewer = new WhepSession(this, relay, id, offer, ufrag, pwd, Certificate);
        _viewers[id] = viewer;
        _byUfrag[ufrag] = viewer;
        relay.Add(viewer);
        var candidates = _sockets.Select(s => (s.Advertised.ToString(), s.LocalEndPoint.Port)).ToList();
        var (videoSsrc, audioSsrc) = viewer.Ssrcs;
        string answer = WhepAnswer.Build(offer, new AnswerParameters(ufrag, pwd, Certificate.Fingerprint, candidates),
            (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue), videoSsrc, audioSsrc);
        viewer.Start();
        return new WhipCreateResult(WhipCreateStatus.Created, id, answer, OfferRefusal.None, null);
    }

    /// <summary>
    /// Asked for a keyframe of a room with no publisher on this node (its relay is fed from another gateway): the
    /// gateway passes the request upstream.
    /// </summary>
    public Action<string>? UpstreamKeyframeRequest { get; set; }

    /// <summary>Whether the room's WebRTC publisher is on this node.</summary>
    public bool HasPublisher(string roomId) => _byRoom.ContainsKey(roomId);

    /// <summary>
    /// Adds a tap to the room's relay (created if need be) and asks for a keyframe, so the other gateway's viewers
    /// start soon. <see cref="RemoveTap"/> when the tap's stream ends.
    /// </summary>
    public RoomRtpRelay AddTap(string roomId, IRelayTap tap)
    {
        var relay = RelayFor(roomId);
        relay.AddTap(tap);
        relay.RequestKeyframe(Environment.TickCount64);
        return relay;
    }

    public void RemoveTap(string roomId, IRelayTap tap)
    {
        if (_relays.TryGetValue(roomId, out var relay) && relay.RemoveTap(tap) && relay.IsIdle)
        {
            _relays.TryRemove(new KeyValuePair<string, RoomRtpRelay>(roomId, relay));
        }
    }

    private RoomRtpRelay RelayFor(string roomId) => _relays.GetOrAdd(roomId, id => new RoomRtpRelay(id, () =>
    {
        if (GetSessionForRoom(id) is { } publisher) publisher.RequestKeyframe();
        else UpstreamKeyframeRequest?.Invoke(id);
    }) { ShardSize = Math.Max(1, _options.WhepShardSize) });

    public WhepSession? GetViewer(string viewerId) => _viewers.TryGetValue(viewerId, out var v) ? v : null;

    /// <summary>WHEP viewers of a room on this node.</summary>
    public int ViewerCount(string roomId) => _relays.TryGetValue(roomId, out var relay) ? relay.Viewers.Count : 0;

    /// <summary>The room's relay while it has viewers (for tests and stats).</summary>
    public RoomRtpRelay? RelayOf(string roomId) => _relays.TryGetValue(roomId, out var relay) ? relay : null;

    internal RoomRtpRelay? ActiveRelay(string roomId) => _relays.IsEmpty ? null : _relays.TryGetValue(roomId, out var relay) ? relay : null;

    /// <summary>Ends a viewer (WHEP DELETE). False when there is no such viewer.</summary>
    public bool EndViewer(string viewerId) => _viewers.TryGetValue(viewerId, out var viewer) && EndViewer(viewer);

    internal bool EndViewer(WhepSession viewer)
    {
        if (!viewer.End()) return false;
        _viewers.TryRemove(new KeyValuePair<string, WhepSession>(viewer.Id, viewer));
        _byUfrag.TryRemove(new KeyValuePair<string, IIcePeer>(viewer.LocalUfrag, viewer));
        foreach (var address in viewer.Addresses.ToArray())
        {
            _byAddress.TryRemove(new KeyValuePair<System.Net.SocketAddress, IIcePeer>(address, viewer));
        }

        if (_relays.TryGetValue(viewer.RoomId, out var relay) && relay.Remove(viewer) && relay.IsIdle)
        {
            _relays.TryRemove(new KeyValuePair<string, RoomRtpRelay>(viewer.RoomId, relay));
        }

        return true;
    }

    private void TickViewers(long now)
    {
        foreach (var viewer in _viewers.Values)
        {
            try
            {
                viewer.Tick(now);
            }
            catch (Exception)
            {
                EndViewer(viewer);
            }
        }
    }

    private void EndViewers()
    {
        foreach (var viewer in _viewers.Values.ToArray())
        {
            EndViewer(viewer);
        }
    }
}
