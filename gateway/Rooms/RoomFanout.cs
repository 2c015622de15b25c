using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Gifts;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// This gateway's side of every room it has viewers in: local membership, one observer per room (so the grain
/// sends each batch here once), and the presence lease it renews with the grain every few seconds.
/// </summary>
public sealed class RoomFanout(
    IGrainFactory grains, IHubContext<LiveHub, ILiveClient> hub, RoomChanges changes, TimeProvider clock, RoomsOptions options,
    IRoomMediaViewers mediaViewers, ViewerBlocks blocks, ILogger<RoomFanout> logger)
    : BackgroundService
{
    /// <summary>How often a gateway renews its leases; the grain drops a gateway after 15 s of silence.</summary>
    public static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan DirtyReport = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, LocalRoom> _rooms = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _connectionRooms = new();

    /// <summary>This process's id in room leases.</summary>
    public string GatewayId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Rooms with at least one viewer on this gateway (for metrics).</summary>
    public int LocalRooms => _rooms.Count;

    /// <summary>Viewers in rooms on this gateway, summed over its rooms (for metrics).</summary>
    public int LocalViewersInAllRooms => _rooms.Values.Sum(room => room.Count);

    /// <summary>Local viewers of a room, not counting the host's own connections (0 when this gateway has none).</summary>
    public int LocalViewers(string roomId) => _rooms.TryGetValue(roomId, out var room) ? room.People - (room.HostHere ? 1 : 0) : 0;

    /// <summary>Adds a connection to a room here and makes sure the grain sends this gateway the room's batches.</summary>
    public async Task AddAsync(string roomId, RoomMember member)
    {
        while (true)
        {
            var room = _rooms.GetOrAdd(roomId, NewRoom);
            if (room.TryAdd(member, out var previous) is not { } added)
            {
                _rooms.TryRemove(new KeyValuePair<string, LocalRoom>(roomId, room));
                continue;
            }
            _connectionRooms.GetOrAdd(member.ConnectionId, _ => new()).TryAdd(roomId, 0);
            if (!added.Batched)
            {
                await hub.Groups.AddToGroupAsync(member.ConnectionId, RoomGroups.Events(roomId));
            }
            else if (previous is not null)
            {
                // Joined again in batched mode: leave the events group, or LeaveRoom would leave the connection in it.
                await LeaveEventsGroupAsync(roomId, previous);
            }
            if (!room.Subscribed)
            {
                // Idempotent: concurrent first joins may each report; a failed report is retried by the next join.
                await ReportAsync(room, clock.GetUtcNow().ToUnixTimeMilliseconds());
            }
            return;
        }
    }

    /// <summary>
    /// A media-only viewer (WHEP) of the room started or stopped here: the room's lease is held (and reported soon)
    /// while it has one, even with no hub member on this gateway.
    /// </summary>
    public async Task MediaViewersChangedAsync(string roomId)
    {
        while (true)
        {
            var room = _rooms.GetOrAdd(roomId, NewRoom);
            if (room.Closed)
            {
                _rooms.TryRemove(new KeyValuePair<string, LocalRoom>(roomId, room));
                continue;
            }

            room.Dirty = true;
            if (!room.Subscribed)
            {
                await ReportAsync(room, clock.GetUtcNow().ToUnixTimeMilliseconds());
            }

            return;
        }
    }

    /// <summary>
    /// A join told this gateway who the room's host is. When the host joined (the studio), the grain is told at once:
    /// the report that subscribed this gateway may have gone before the host was known and counted the studio as
    /// watching, and random matching asks the grain whether the studio is open, so one that joined a moment ago counts.
    /// </summary>
    public async Task KnowHostAsync(string roomId, string hostId, string? joinedUserId)
    {
        if (_rooms.TryGetValue(roomId, out var room))
        {
            room.HostId = hostId;
            if (joinedUserId == hostId && !room.Closed)
            {
                await ReportAsync(room, clock.GetUtcNow().ToUnixTimeMilliseconds());
            }
        }
    }

    /// <summary>Removes a connection from a room here; true when it was in it.</summary>
    public async Task<bool> RemoveAsync(string roomId, string connectionId)
    {
        if (_connectionRooms.TryGetValue(connectionId, out var rooms))
        {
            rooms.TryRemove(roomId, out _);
        }
        if (!_rooms.TryGetValue(roomId, out var room) || room.Remove(connectionId) is not { } member)
        {
            return false;
        }
        await LeaveEventsGroupAsync(roomId, member);
        return true;
    }

    /// <summary>A connection closed: it leaves every room it was in.</summary>
    public async Task RemoveConnectionAsync(string connectionId)
    {
        if (_connectionRooms.TryRemove(connectionId, out var rooms))
        {
            foreach (var roomId in rooms.Keys)
            {
                if (_rooms.TryGetValue(roomId, out var room))
                {
                    room.Remove(connectionId);
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var room in _rooms.Values)
            {
                var due = now - room.LastReport >= (room.Dirty ? DirtyReport : LeaseRenewal).TotalMilliseconds;
                if (!due)
                {
                    continue;
                }
                try
                {
                    await ReportAsync(room, now);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Room {RoomId}: presence report failed", room.RoomId);
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A clean shutdown gives up its leases at once instead of letting them expire.
        foreach (var room in _rooms.Values)
        {
            try
            {
                await grains.GetGrain<ILiveRoomGrain>(room.RoomId).ReportPresence(GatewayId, room.Reference!, 0)
                    .WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception exception)
            {
                logger.LogDebug(exception, "Room {RoomId}: could not give up the lease", room.RoomId);
            }
            room.Complete();
        }
    }

    /// <summary>Takes a member that got separate events out of the room's group (batched members are in none).</summary>
    private Task LeaveEventsGroupAsync(string roomId, RoomMember member) =>
        member.Batched ? Task.CompletedTask : hub.Groups.RemoveFromGroupAsync(member.ConnectionId, RoomGroups.Events(roomId));

    private LocalRoom NewRoom(string roomId)
    {
        var room = new LocalRoom(roomId, hub, options, logger) { AfterBatch = AfterBatchAsync, BeforeBatch = blocks.Apply };
        room.Reference = grains.CreateObjectReference<IRoomObserver>(room);
        return room;
    }

    private async Task ReportAsync(LocalRoom room, long now)
    {
        room.Dirty = false;
        room.LastReport = now;
        // People, not connections: a viewer's second tab is not a second viewer (the host counts as one, taken off by the grain).
        var count = room.Closed ? 0 : room.People + mediaViewers.CountWithoutHub(room.RoomId, room.Contains);
        var status = await grains.GetGrain<ILiveRoomGrain>(room.RoomId).ReportPresence(GatewayId, room.Reference!, count, room.Closed || !room.HostHere ? 0 : 1);
        room.Subscribed = true;
        if (status is RoomStatus.Ended or RoomStatus.Unknown)
        {
            await DropAllAsync(room);
        }
        else if (count == 0 && room.CloseIfEmpty())
        {
            Drop(room);
        }
    }

    private async Task AfterBatchAsync(LocalRoom room, RoomBatch batch)
    {
        changes.Changed();
        if (batch.Ended)
        {
            await DropAllAsync(room);
            return;
        }
        foreach (var ban in batch.Moderation.Where(m => m.Action == "ban" && m.UserId is not null))
        {
            foreach (var member in room.MembersOf(ban.UserId!))
            {
                await RemoveAsync(room.RoomId, member.ConnectionId);
            }
        }
    }

    private async Task DropAllAsync(LocalRoom room)
    {
        foreach (var member in room.CloseAll())
        {
            await LeaveEventsGroupAsync(room.RoomId, member);
            if (_connectionRooms.TryGetValue(member.ConnectionId, out var rooms))
            {
                rooms.TryRemove(room.RoomId, out _);
            }
        }
        Drop(room);
    }

    private void Drop(LocalRoom room)
    {
        if (_rooms.TryRemove(new KeyValuePair<string, LocalRoom>(room.RoomId, room)))
        {
            room.Complete();
            if (room.Reference is { } reference)
            {
                grains.DeleteObjectReference<IRoomObserver>(reference);
            }
        }
    }
}
