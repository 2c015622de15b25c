using System.Collections.Concurrent;
using System.Collections.Frozen;
using Stagecast.Contracts.Accounts;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// The block lists of the signed-in viewers watching through this gateway, so a room's comments by someone a viewer
/// blocked are held back from that viewer (<see cref="LocalRoom"/>). A list is read from the user's block-list grain
/// when they join a room (again when older than <see cref="MaxAge"/>) and replaced at once when they block or unblock
/// through this gateway.
/// </summary>
public sealed class ViewerBlocks(IGrainFactory grains, TimeProvider clock)
{
    /// <summary>How old a list may be when its user joins a room before it is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, BlockSet> _sets = new(StringComparer.Ordinal);

    /// <summary>The user's list as the rooms here use it, loaded or refreshed first when needed.</summary>
    public async Task<BlockSet> ForAsync(string userId)
    {
        if (_sets.Count > 100_000)
        {
            _sets.Clear();
        }
        var set = _sets.GetOrAdd(userId, _ => new BlockSet());
        if (set.LoadedAt is not { } at || clock.GetUtcNow() - at > MaxAge)
        {
            set.Replace((await grains.GetGrain<IBlockListGrain>(userId).Blocked()).Select(b => b.UserId), clock.GetUtcNow());
        }
        return set;
    }

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
