using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// The gateways with viewers in a room: each holds a lease (its observer and local viewer count) that it renews
/// every few seconds; a gateway that stops reporting for <see cref="RoomRules.PresenceLease"/> is dropped.
/// </summary>
internal sealed class GatewayLeases
{
    private readonly Dictionary<string, GatewayLease> _leases = [];

    /// <summary>Renews (or, with no viewers, drops) a gateway's lease.</summary>
    public void Report(string gatewayId, IRoomObserver observer, int viewers, long nowMs, int hostConnections = 0)
    {
        if (viewers <= 0)
        {
            _leases.Remove(gatewayId);
        }
        else
        {
            _leases[gatewayId] = new GatewayLease(observer, viewers, nowMs + (long)RoomRules.PresenceLease.TotalMilliseconds, hostConnections);
        }
    }

    public void Remove(string gatewayId) => _leases.Remove(gatewayId);

    public void Clear() => _leases.Clear();

    public int Count => _leases.Count;

    /// <summary>
    /// Viewers over all gateways: the people each reports (a viewer's tabs on one gateway count once) less the host
    /// (the studio, or the host watching their room), who keeps the lease, so the studio still gets the room's events,
    /// but is nobody watching. A signed-in viewer with tabs on two gateways counts on each.
    /// </summary>
    public int Viewers()
    {
        var total = 0;
        foreach (var lease in _leases.Values)
        {
            total += Math.Max(0, lease.Viewers - lease.HostConnections);
        }
        return total;
    }

    /// <summary>Whether a lease that has not run out counts a hub connection of the host.</summary>
    public bool HostConnected(long nowMs) => _leases.Values.Any(l => l.HostConnections > 0 && l.ExpiresAt > nowMs);

    /// <summary>Drops the leases that ran out and returns their gateway ids.</summary>
    public IReadOnlyList<string> Expire(long nowMs)
    {
        var expired = _leases.Where(l => l.Value.ExpiresAt <= nowMs).Select(l => l.Key).ToList();
        foreach (var gatewayId in expired)
        {
            _leases.Remove(gatewayId);
        }
        return expired;
    }

    /// <summary>Sends the batch to every gateway without waiting; a gateway that fails is reported and the rest still get it.</summary>
    public void Send(RoomBatch batch, Action<string, Exception> failed)
    {
        foreach (var (gatewayId, lease) in _leases)
        {
            try
            {
                _ = lease.Observer.OnBatch(batch);
            }
            catch (Exception exception)
            {
                failed(gatewayId, exception);
            }
        }
    }
}
