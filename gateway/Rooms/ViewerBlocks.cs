using System.Collections.Concurrent;
using System.Collections.Frozen;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// The block lists of the signed-in viewers watching through this gateway, so a room's comments by someone a viewer
/// blocked are held back from that viewer (<see cref="LocalRoom"/>). A list is read from the user's block-list grain
/// when they join a room (again when older than <see cref="MaxAge"/>) and replaced at once when they block or unblock:
/// through this gateway directly, through any other by the room fan-out (the user's block-list grain knows the rooms
/// they watch and each room's next batch carries the new list to every gateway with viewers there).
/// </summary>
public sealed class ViewerBlocks(IGrainFactory grains, TimeProvider clock)
{
    /// <summary>How old a list may be when its user joins a room before it is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, BlockSet> _sets = new(StringComparer.Ordinal);

    /// <summary>
    /// The user's list as the rooms here use it, loaded or refreshed first when needed; the user's block-list grain
    /// learns that they watch <paramref name="roomId"/>, so a change reaches this gateway through the room.
    /// </summary>
    public async Task<BlockSet> ForAsync(string userId, string roomId)
    {
        if (_sets.Count > 100_000)
        {
            _sets.Clear();
        }
        var set = _sets.GetOrAdd(userId, _ => new BlockSet());
        var list = grains.GetGrain<IBlockListGrain>(userId);
        if (set.LoadedAt is not { } at || clock.GetUtcNow() - at > MaxAge)
        {
            set.Replace(await list.Watch(roomId), clock.GetUtcNow());
        }
        else
        {
            await list.Watching(roomId);
        }
        return set;
    }

    /// <summary>Block lists that changed, carried by a room's batch: the lists of users with a set here are replaced.</summary>
    public void Apply(RoomBatch batch)
    {
        foreach (var change in batch.ViewerBlocks ?? [])
        {
            Update(change.UserId, change.Blocked);
        }
    }

    /// <summary>A batch that carries nothing but block-list changes: nothing for the clients.</summary>
    public static bool Only(RoomBatch batch) => batch is { ViewerBlocks.Count: > 0, Comments.Count: 0, Gifts.Count: 0, DeletedComments.Count: 0,
        Moderation.Count: 0, Likes: null, Viewers: null, TopGifters: null, Ended: false, Match: null };

    /// <summary>The user blocked or unblocked through this gateway: their rooms here filter by the new list now.</summary>
    public void Update(string userId, IEnumerable<string> blocked)
    {
        if (_sets.TryGetValue(userId, out var set))
        {
            set.Replace(blocked, clock.GetUtcNow());
        }
    }
}

/// <summary>One viewer's blocked users, swapped whole when it changes (read without locks by the fan-out).</summary>
public sealed class BlockSet
{
    private volatile FrozenSet<string> _users = FrozenSet<string>.Empty;

    public IReadOnlySet<string> Users => _users;

    public DateTimeOffset? LoadedAt { get; private set; }

    public void Replace(IEnumerable<string> users, DateTimeOffset at)
    {
        _users = users.ToFrozenSet(StringComparer.Ordinal);
        LoadedAt = at;
    }
}
