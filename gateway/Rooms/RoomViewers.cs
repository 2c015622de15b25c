using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Rooms.Payloads;

namespace Stagecast.Gateway.Rooms;

/// <summary>Watching from the hub: joining (separate events or batched), leaving, and a connection going away.</summary>
public sealed class RoomViewers(IGrainFactory grains, RoomFanout fanout, LiveHubConnections connections)
{
    /// <summary>Subscribes the connection to the room's events and returns the room's snapshot.</summary>
    public async Task<RoomSnapshotPayload> JoinAsync(string connectionId, string? userId, string roomId, bool batched)
    {
        if (!RoomErrors.IsRoomId(roomId))
        {
            throw RoomErrors.Hub(RoomResult.UnknownRoom);
        }
        var delivery = batched
            ? new BatchedConnection(connections.Find(connectionId)
                ?? throw HubErrors.Error(RoomErrors.NotAllowed, "The connection is closing."))
            : null;
        // Subscribe first, so nothing sent after the snapshot is missed (clients may see an event twice, keyed by id).
        await fanout.AddAsync(roomId, new RoomMember(connectionId, userId, delivery));
        var join = await grains.GetGrain<ILiveRoomGrain>(roomId).Join(userId);
        if (join.Result != RoomResult.Ok || join.Info is null)
        {
            await fanout.RemoveAsync(roomId, connectionId);
            throw RoomErrors.Hub(join.Result);
        }
        var info = join.Info with { Viewers = Math.Max(join.Info.Viewers, fanout.LocalViewers(roomId)) };
        return PayloadMapper.Snapshot(info, join.Comments);
    }

    /// <summary>Stops sending the room's events to the connection.</summary>
    public async Task LeaveAsync(string connectionId, string roomId)
    {
        if (RoomErrors.IsRoomId(roomId))
        {
            await fanout.RemoveAsync(roomId, connectionId);
        }
    }

    /// <summary>The connection closed: it leaves every room it was in.</summary>
    public Task DisconnectedAsync(string connectionId) => fanout.RemoveConnectionAsync(connectionId);
}
