using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Accounts;

/// <summary>
/// One user's blocks, both ways. A change is written first, then mirrored on the other user's grain (their
/// <c>BlockedBy</c>), the follows between the two end, and each open room the blocker hosts gets the new list, so a
/// blocked viewer's next comment or gift there is refused. Rooms attach when they open and read the list then. The
/// rooms the user watches (<see cref="WatchedRooms"/>, in the grain's state) carry the new list to every gateway
/// holding them, whose comment filters use it at once.
/// </summary>
public sealed class BlockListGrain(
    [PersistentState("blocks", "store")] IPersistentState<BlockListState> state,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger<BlockListGrain> logger) : Grain, IBlockListGrain
{
    /// <summary>The most users one user can block.</summary>
    public const int MaxBlocked = 10_000;

    private string UserId => this.GetPrimaryKeyString();

    public async Task Block(string userId)
    {
        if (string.IsNullOrEmpty(userId) || userId == UserId)
        {
            throw new ArgumentException("A user cannot block themselves.", nameof(userId));
        }
        if (!state.State.Blocked.Any(b => b.UserId == userId))
        {
            if (state.State.Blocked.Count >= MaxBlocked)
            {
                throw new InvalidOperationException($"At most {MaxBlocked} users can be blocked.");
            }
            state.State = state.State with { Blocked = state.State.Blocked.Add(new BlockedUser(userId, clock.GetUtcNow())) };
            await state.WriteStateAsync();
            logger.LogInformation("{UserId} blocked {BlockedId}", UserId, userId);
        }
        // Repeated on every call (each step is idempotent) so a crash between steps heals on retry.
        await grains.GetGrain<IBlockListGrain>(userId).SetBlockedBy(UserId, true);
        await grains.GetGrain<IUserGrain>(UserId).Unfollow(userId);
        await grains.GetGrain<IUserGrain>(userId).Unfollow(UserId);
        await TellRooms();
    }

    public async Task Unblock(string userId)
    {
        if (state.State.Blocked.FirstOrDefault(b => b.UserId == userId) is { } entry)
        {
            state.State = state.State with { Blocked = state.State.Blocked.Remove(entry) };
            await state.WriteStateAsync();
            logger.LogInformation("{UserId} unblocked {BlockedId}", UserId, userId);
        }
        await grains.GetGrain<IBlockListGrain>(userId).SetBlockedBy(UserId, false);
        await TellRooms();
    }

    public Task<IReadOnlyList<BlockedUser>> Blocked() =>
        Task.FromResult<IReadOnlyList<BlockedUser>>(state.State.Blocked.Reverse().ToArray());

    public Task<IReadOnlyList<string>> Hidden() => Task.FromResult<IReadOnlyList<string>>(
        state.State.Blocked.Select(b => b.UserId).Union(state.State.BlockedBy).ToArray());

    public async Task<IReadOnlyList<string>> Watch(string roomId)
    {
        await Watching(roomId);
        return BlockedIds();
    }

    public async Task Watching(string roomId)
    {
        // Stored, so a block after this grain's deactivation (or its silo's death) still reaches the rooms watched.
        if (WatchedRooms.Add(state.State.Watched, roomId, clock.GetUtcNow()) is { } watched)
        {
            state.State = state.State with { Watched = watched };
            await state.WriteStateAsync();
        }
    }

    public async Task<IReadOnlyList<string>> AttachRoom(string roomId)
    {
        if (!state.State.Rooms.Contains(roomId))
        {
            state.State = state.State with { Rooms = state.State.Rooms.Add(roomId) };
            await state.WriteStateAsync();
        }
        return BlockedIds();
    }

    public async Task DetachRoom(string roomId)
    {
        if (state.State.Rooms.Contains(roomId))
        {
            state.State = state.State with { Rooms = state.State.Rooms.Remove(roomId) };
            await state.WriteStateAsync();
        }
    }

    public async Task SetBlockedBy(string blockerId, bool blocked)
    {
        var next = blocked ? state.State.BlockedBy.Add(blockerId) : state.State.BlockedBy.Remove(blockerId);
        if (!ReferenceEquals(next, state.State.BlockedBy))
        {
            state.State = state.State with { BlockedBy = next };
            await state.WriteStateAsync();
        }
    }

    private string[] BlockedIds() => state.State.Blocked.Select(b => b.UserId).ToArray();

    private async Task TellRooms()
    {
        var blocked = BlockedIds();
        foreach (var roomId in state.State.Rooms)
        {
            // A room that ended without detaching (its silo died) answers false and is forgotten.
            if (!await grains.GetGrain<ILiveRoomGrain>(roomId).SetHostBlocks(blocked))
            {
                await DetachRoom(roomId);
            }
        }
        foreach (var roomId in WatchedRooms.Current(state.State.Watched, clock.GetUtcNow()).Keys)
        {
            try
            {
                await grains.GetGrain<ILiveRoomGrain>(roomId).ViewerBlocksChanged(UserId, blocked);
            }
            catch (Exception exception)
            {
                // The block stands; that gateway's filter catches up when the viewer next joins.
                logger.LogWarning(exception, "{UserId}: room {RoomId} not told of the new block list", UserId, roomId);
            }
        }
    }
}
