using Orleans.Concurrency;

namespace Stagecast.Contracts.Accounts;

/// <summary>
/// The users one user blocked, and who blocked them, keyed by user id. A blocked user cannot comment or gift in the
/// blocker's rooms, and neither sees the other's lives or videos in the feed or the live list.
/// </summary>
[Alias("Stagecast.IBlockListGrain")]
public interface IBlockListGrain : IGrainWithStringKey
{
    /// <summary>Blocks a user (idempotent): follows between the two end and the blocker's live rooms refuse them at once.</summary>
    [Alias("Block")]
    Task Block(string userId);

    /// <summary>Lifts a block (idempotent).</summary>
    [Alias("Unblock")]
    Task Unblock(string userId);

    /// <summary>The users this user blocked, newest first.</summary>
    [Alias("Blocked")]
    Task<IReadOnlyList<BlockedUser>> Blocked();

    /// <summary>Everyone whose content this user does not see: the users they blocked and those who blocked them.</summary>
    [Alias("Hidden")]
    Task<IReadOnlyList<string>> Hidden();

    /// <summary>This user joined a room to watch: returns their blocked users; a change is sent to the rooms they watch (see <see cref="Watching"/>).</summary>
    [Alias("Watch")]
    Task<IReadOnlyList<string>> Watch(string roomId);

    /// <summary>This user joined a room to watch (their list is cached on that gateway): a change of their blocks is sent through the room.</summary>
    [Alias("Watching"), OneWay]
    Task Watching(string roomId);

    /// <summary>A room this user hosts opened: it is told of every change until it ends; returns the list now.</summary>
    [Alias("AttachRoom")]
    Task<IReadOnlyList<string>> AttachRoom(string roomId);

    /// <summary>A room this user hosts ended (one-way: the room never waits on this grain, which may be calling it).</summary>
    [Alias("DetachRoom"), OneWay]
    Task DetachRoom(string roomId);

    /// <summary>Called on the blocked user's grain by the blocker's grain (interleaved: two users blocking each other at once must not wait on each other).</summary>
    [Alias("SetBlockedBy"), AlwaysInterleave]
    Task SetBlockedBy(string blockerId, bool blocked);
}
