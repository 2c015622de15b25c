using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// How a room reaches its viewers: the gateways that hold them (<see cref="GatewayLeases"/>), what they have not been
/// sent (<see cref="RoomOutbox"/>) and when the timer sends it (<see cref="RoomSchedule"/>). One batch per gateway and window.
/// </summary>
internal sealed class RoomFanout(string roomId, ILogger logger, LargeRoomOptions? large = null)
{
    private readonly GatewayLeases _leases = new();
    private readonly RoomSchedule _schedule = new();
    private bool _studioSeen;

    public RoomOutbox Outbox { get; } = new(large);

    public int Viewers => _leases.Viewers();

    /// <summary>A gateway's viewer count; a room that is not open (unknown or ended) drops the gateway instead.</summary>
    public RoomStatus Report(string gatewayId, IRoomObserver observer, int viewers, RoomStatus status, long nowMs, int hostConnections = 0)
    {
        _studioSeen |= hostConnections > 0 && status is not (RoomStatus.Unknown or RoomStatus.Ended);
        if (status is RoomStatus.Unknown or RoomStatus.Ended)
        {
            _leases.Remove(gatewayId);
        }
        else
        {
            _leases.Report(gatewayId, observer, viewers, nowMs, hostConnections);
        }
        return status;
    }

    /// <summary>The host's studio: connected (a lease counts a host hub connection), gone (seen before, none now), or never seen (null).</summary>
    public bool? StudioConnected(long nowMs) => _leases.HostConnected(nowMs) ? true : _studioSeen ? false : null;

    /// <summary>The room's match as it is now, sent with the next batch (early: <see cref="RoomSchedule.MatchGapMs"/>).</summary>
    public void Publish(MatchView match) => Outbox.Match(match);

    /// <summary>Tells viewers what a moderation change did: a notice, a deleted comment.</summary>
    public void Announce(ModerationChange change)
    {
        if (change.Notice is { } notice)
        {
            Outbox.Add(notice);
        }
        if (change.DeletedComment is { } commentId)
        {
            Outbox.Deleted(commentId);
        }
    }

    /// <summary>True once a second; then gateways that stopped reporting lose their lease.</summary>
    public bool Housekeeping(long nowMs)
    {
        if (!_schedule.HousekeepingDue(nowMs))
        {
            return false;
        }
        foreach (var expired in _leases.Expire(nowMs))
        {
            logger.LogInformation("Room {RoomId}: gateway {GatewayId} lease expired", roomId, expired);
        }
        return true;
    }

    /// <summary>The directory listing when a live room's viewer count moved (at most every five seconds), else null.</summary>
    public RoomListing? ListingIfDue(LiveRoomState s, long nowMs) =>
        _schedule.ListingDue(nowMs, s.Status == RoomStatus.Live, Viewers) ? Listing(s) : null;

    /// <summary>The directory listing now, counted as listed.</summary>
    public RoomListing Listing(LiveRoomState s)
    {
        var viewers = Viewers;
        _schedule.Listed(viewers);
        return new RoomListing(roomId, s.Title, s.HostId, s.HostDisplayName, s.StartedAt ?? s.CreatedAt, viewers,
            RoomTransitions.Reconnecting(s));
    }

    public void FlushIfDue(LiveRoomState s, long nowMs)
    {
        if (_schedule.FlushDue(nowMs, Viewers, Outbox.HasMatch))
        {
            Flush(s, nowMs);
        }
    }

    /// <summary>True (and counted as saved) when the state is dirty and the last write was long enough ago.</summary>
    public bool SaveDue(long nowMs, bool dirty) => _schedule.SaveDue(nowMs, dirty);

    /// <summary>The room ended: viewers are told in one last batch, and no gateway is sent anything after it.</summary>
    public void End(LiveRoomState s, long nowMs)
    {
        Outbox.Ended(s.EndReason);
        Flush(s, nowMs);
        _leases.Clear();
    }

    private void Flush(LiveRoomState s, long nowMs)
    {
        _schedule.Flushed(nowMs, Outbox.HasMatch);
        if (Outbox.Take(roomId, nowMs, s.Likes, Viewers, () => GiftBoard.TopGifters(s)) is { } batch)
        {
            _leases.Send(batch, (gatewayId, exception) =>
                logger.LogWarning(exception, "Room {RoomId}: batch to gateway {GatewayId} failed", roomId, gatewayId));
        }
    }
}
