using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// The room's durable state and when it is written: lifecycle and moderation through (at once), chat, likes and gifts
/// behind (marked dirty, written by the timer or on deactivation).
/// </summary>
internal sealed class RoomRecord(IPersistentState<LiveRoomState> state, TimeProvider clock)
{
    public LiveRoomState State => state.State;

    public bool Dirty { get; private set; }

    /// <summary>Replaces the state in memory only; a <see cref="Write"/> follows.</summary>
    public void Replace(LiveRoomState replaced) => state.State = replaced;

    /// <summary>Writes through, replacing the state first when given one.</summary>
    public async Task Write(LiveRoomState? replaced = null)
    {
        state.State = replaced ?? state.State;
        await state.WriteStateAsync();
        Dirty = false;
    }

    /// <summary>An accepted chat or gift event: only marked dirty, and counted as activity.</summary>
    public RoomResult Behind(RoomResult result)
    {
        if (result == RoomResult.Ok)
        {
            Dirty = true;
            State.LastActivityAt = clock.GetUtcNow();
        }
        return result;
    }

    /// <summary>The timer's write-behind.</summary>
    public Task WriteBehind(CancellationToken ct)
    {
        Dirty = false;
        return state.WriteStateAsync(ct);
    }
}
