using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// A room's lifecycle: opened, live, the publisher's reconnect grace (media lost while live, until it comes back or
/// <see cref="RoomExpiry"/> ends the room), ended. Each change is written through and the directory listing follows it.
/// The transitions themselves are pure, in <see cref="RoomTransitions"/>.
/// </summary>
internal sealed class RoomLifecycle(
    string roomId, RoomRecord record, RoomFanout fanout, IGrainFactory grains, TimeProvider clock,
    RoomLifecycleOptions options, ILogger logger)
{
    private readonly IRoomDirectoryGrain directory = grains.GetGrain<IRoomDirectoryGrain>("live");

    public async Task<string?> Open(string hostId, string hostDisplayName, string title)
    {
        if (record.State.Status != RoomStatus.Unknown)
        {
            return null;
        }
        var opened = RoomTransitions.Opened(roomId, hostId, hostDisplayName, title, clock.GetUtcNow());
        await LoadHostBlocks(opened);
        await record.Write(opened);
        logger.LogInformation("Room {RoomId} opened by {HostId}", roomId, hostId);
        return record.State.StreamKey;
    }

    /// <summary>The host's go-live, or the publisher's (no actor): its media also ends a reconnect grace.</summary>
    public async Task<RoomResult> GoLive(string? actorId)
    {
        if (ModerationPolicy.Gate(record.State, actorId is null ? null : RoomRole.Host, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        var wasReconnecting = RoomTransitions.Reconnecting(record.State);
        record.Replace(RoomTransitions.GoLive(record.State, byMedia: actorId is null, clock.GetUtcNow(), out var wentLive));
        if (wentLive)
        {
            logger.LogInformation("Room {RoomId} went live", roomId);
        }
        if (wentLive || wasReconnecting && !RoomTransitions.Reconnecting(record.State))
        {
            await directory.Upsert(fanout.Listing(record.State));
        }
        await record.Write();
        return RoomResult.Ok;
    }

    public async Task MediaEnded()
    {
        if (RoomTransitions.MediaEnded(record.State, clock.GetUtcNow()) is { } lost)
        {
            await record.Write(lost);
            if (RoomTransitions.Reconnecting(lost))
            {
                // The listing says so, until the media comes back or the grace ends the room.
                await directory.Upsert(fanout.Listing(lost));
                logger.LogInformation("Room {RoomId}: media stopped, reconnecting for up to {Grace}", roomId, options.ReconnectGrace);
            }
        }
    }

    public async Task<RoomResult> End(string actorId)
    {
        if (ModerationPolicy.Gate(record.State, RoomRole.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        await Close(actorId == record.State.HostId ? RoomEndReason.Host : RoomEndReason.Moderator);
        logger.LogInformation("Room {RoomId} ended by {ActorId}", roomId, actorId);
        return RoomResult.Ok;
    }

    public async Task TakeDown()
    {
        if (record.State.Status is RoomStatus.Created or RoomStatus.Live)
        {
            await Close(RoomEndReason.Removed);
            logger.LogInformation("Room {RoomId} taken down by the platform", roomId);
        }
    }

    public async Task<KeyRotation> RotateStreamKey(string actorId)
    {
        if (ModerationPolicy.Gate(record.State, RoomRole.Host, actorId) is var denied and not RoomResult.Ok)
        {
            return new KeyRotation(denied, null);
        }
        await record.Write(record.State with { StreamKey = StreamKeys.New(roomId) });
        return new KeyRotation(RoomResult.Ok, record.State.StreamKey);
    }

    /// <summary>The host's block list, pushed by their block-list grain (to live rooms; others read it when opened).</summary>
    public async Task<bool> SetHostBlocks(IReadOnlyList<string> blocked)
    {
        if (record.State.Status is RoomStatus.Unknown or RoomStatus.Ended)
        {
            return false;
        }
        record.State.HostBlocked.Clear();
        record.State.HostBlocked.UnionWith(blocked);
        await record.Write();
        return true;
    }

    /// <summary>Attaches the room to its host's block list (which then pushes every change here) and takes the list now.</summary>
    private async Task LoadHostBlocks(LiveRoomState room)
    {
        var blocked = await grains.GetGrain<IBlockListGrain>(room.HostId).AttachRoom(roomId);
        room.HostBlocked.Clear();
        room.HostBlocked.UnionWith(blocked);
    }

    /// <summary>Ends the room for everyone: state written, viewers told (roomEnded), listing removed.</summary>
    public async Task Close(RoomEndReason reason)
    {
        await record.Write(RoomTransitions.Ended(record.State, clock.GetUtcNow(), reason));
        fanout.End(record.State, clock.GetUtcNow().ToUnixTimeMilliseconds());
        await directory.Remove(roomId);
        await grains.GetGrain<IBlockListGrain>(record.State.HostId).DetachRoom(roomId);
    }

    /// <summary>The timer's once-a-second look: ends a room that outlived its publisher or its chat, else lists it when due.</summary>
    public async Task<bool> Housekeep(long nowMs)
    {
        if (RoomExpiry.Reason(record.State, clock.GetUtcNow(), options) is { } reason)
        {
            await Close(reason);
            logger.LogInformation("Room {RoomId} ended by itself: {Reason}", roomId, reason);
            return true;
        }
        if (fanout.ListingIfDue(record.State, nowMs) is { } listing)
        {
            await directory.Upsert(listing);
        }
        return false;
    }
}
