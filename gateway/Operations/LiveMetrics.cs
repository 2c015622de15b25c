using System.Diagnostics.Metrics;
using Stagecast.Gateway.Media;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Operations;

/// <summary>
/// The gateway's own meter ("Stagecast.Gateway"): what this gateway serves now (hub connections, rooms and
/// viewers fanned out here, WHIP sessions ingested here) and what it has done (comments, gifts, coins).
/// Cluster-wide figures are the sum over gateways.
/// </summary>
public sealed class LiveMetrics
{
    public const string MeterName = "Stagecast.Gateway";

    private readonly Counter<long> _comments;
    private readonly Counter<long> _gifts;
    private readonly Counter<long> _coins;

    public LiveMetrics(IMeterFactory meters, LiveHubConnections connections, RoomFanout rooms, WhipIngest ingest)
    {
        var meter = meters.Create(MeterName);
        _comments = meter.CreateCounter<long>("stagecast.comments", "{comment}", "Comments accepted through this gateway.");
        _gifts = meter.CreateCounter<long>("stagecast.gifts", "{gift}", "Paid gifts acknowledged through this gateway (a client's retry counts again).");
        _coins = meter.CreateCounter<long>("stagecast.gift_coins", "{coin}", "Coins spent on the gifts counted by stagecast.gifts.");
        meter.CreateObservableGauge("stagecast.hub.connections", () => connections.Count, "{connection}", "Open /hubs/live connections.");
        meter.CreateObservableGauge("stagecast.rooms.live", () => rooms.LocalRooms, "{room}", "Rooms with viewers on this gateway.");
        meter.CreateObservableGauge("stagecast.rooms.viewers", () => rooms.LocalViewersInAllRooms, "{viewer}", "Viewers in rooms on this gateway.");
        meter.CreateObservableGauge("stagecast.ingest.sessions", () => ingest.RunningServer?.Sessions.Count() ?? 0, "{session}", "WHIP publishers ingested by this gateway.");
        IEnumerable<Stagecast.Media.Whip.StreamHealth> Publishers() => ingest.RunningServer?.Sessions.Select(s => s.Health) ?? [];
        meter.CreateObservableGauge("stagecast.ingest.bitrate", () => Publishers().Sum(h => h.BitrateKbps) * 1000, "bit/s", "Media bitrate received from the WHIP publishers on this gateway, summed.");
        meter.CreateObservableGauge("stagecast.ingest.recent_loss", () => Publishers().Select(h => h.RecentLossFraction).DefaultIfEmpty(0).Max(), "1", "The worst recent packet-loss fraction among this gateway's WHIP publishers.");
        meter.CreateObservableGauge("stagecast.ingest.keyframe_interval", () => Publishers().Select(h => h.KeyframeIntervalSeconds ?? 0).DefaultIfEmpty(0).Max(), "s", "The longest keyframe interval among this gateway's WHIP publishers.");
        meter.CreateObservableCounter("stagecast.ingest.packets_received", () => Publishers().Sum(h => h.PacketsReceived), "{packet}", "RTP packets received from the current WHIP publishers.");
        meter.CreateObservableCounter("stagecast.ingest.packets_lost", () => Publishers().Sum(h => h.PacketsLost), "{packet}", "RTP packets lost from the current WHIP publishers (after NACK recovery).");
    }

    public void CommentAccepted() => _comments.Add(1);

    public void GiftAcknowledged(long coins)
    {
        _gifts.Add(1);
        _coins.Add(coins);
    }
}
