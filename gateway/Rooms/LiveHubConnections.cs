using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// SignalR's default lifetime manager for <see cref="LiveHub"/>, which also lets the room fan-out find a
/// connection by id: batched viewers are written to directly (<see cref="BatchedConnection"/>), not through groups.
/// </summary>
public sealed class LiveHubConnections(ILogger<DefaultHubLifetimeManager<LiveHub>> logger)
    : DefaultHubLifetimeManager<LiveHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new();

    public HubConnectionContext? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    /// <summary>Every open connection of this gateway (a snapshot).</summary>
    public IReadOnlyList<HubConnectionContext> All => _connections.Values.ToArray();
    /// <summary>Open hub connections on this gateway (for metrics).</summary>
    public int Count => _connections.Count;

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }
}
