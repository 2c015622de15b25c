namespace Stagecast.Gateway.Gifts;

/// <summary>
/// Tells the gift gate that a room's status, bans or moderators changed through this gateway (a room command ran
/// here, or a room's batch announced a ban or its end): every snapshot <see cref="RoomHostLookup"/> took before is
/// stale. Rare next to gifts, so one counter per gateway is enough.
/// </summary>
public sealed class RoomChanges
{
    private long _epoch;

    /// <summary>How many changes this gateway has seen; a snapshot taken at an older value is stale.</summary>
    public long Epoch => Volatile.Read(ref _epoch);

    /// <summary>A room changed: snapshots taken before now are not used to allow gifts.</summary>
    public void Changed() => Interlocked.Increment(ref _epoch);
}
