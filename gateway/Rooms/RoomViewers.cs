using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Rooms.Payloads;

namespace Stagecast.Gateway.Rooms;

/// <summary>Watching from the hub: joining (separate events or batched), leaving, and a connection going away.</summary>
public sealed class RoomViewers(IGrainFactory grains, RoomFanout fanout, LiveHubConnections connections, ViewerBlocks blocks)
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
        var blocked = userId is null ? null : await blocks.ForAsync(userId, roomId);
        await fanout.AddAsync(roomId, new RoomMember(connectionId, userId, delivery, blocked));
        var join = await grains.GetGrain<ILiveRoomGrain>(roomId).Join(userId);
        if (join.Result != RoomResult.Ok || join.Info is null)
        {
            await fanout.RemoveAsync(roomId, connectionId);
            throw RoomErrors.Hub(join.Result);
        }
        await fanout.KnowHostAsync(roomId, join.Info.HostId, userId);
        var info = join.Info;
        if (userId is not null && userId == info.HostId)
        {
            // The host is nobody watching: the count the join read may have had the studio in it (see KnowHostAsync),
            // so the studio gets the count as the grain has it now.
            info = await grains.GetGrain<ILiveRoomGrain>(roomId).GetInfo() ?? info;
        }
        info = info with { Viewers = Math.Max(info.Viewers, fanout.LocalViewers(roomId)) };
        var comments = blocked is { Users.Count: > 0 } ? join.Comments.Where(c => !blocked.Users.Contains(c.UserId)).ToList() : join.Comments;
        return PayloadMapper.Snapshot(info, comments);
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
