using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// Rooms now live. Membership and the reconnecting flag are written through; viewer counts only refresh the in-memory
/// copy. Rooms whose host is reconnecting come last.
/// </summary>
public sealed class RoomDirectoryGrain(
    [PersistentState("directory", "store")] IPersistentState<RoomDirectoryState> state) : Grain, IRoomDirectoryGrain
{
    public async Task Upsert(RoomListing listing)
    {
        var known = state.State.Rooms.TryGetValue(listing.RoomId, out var before);
        state.State.Rooms[listing.RoomId] = listing;
        if (!known || before!.Reconnecting != listing.Reconnecting)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task Remove(string roomId)
    {
        if (state.State.Rooms.Remove(roomId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<RoomListing>> List() => Task.FromResult<IReadOnlyList<RoomListing>>(
        state.State.Rooms.Values.OrderBy(r => r.Reconnecting).ThenByDescending(r => r.Viewers).ThenByDescending(r => r.StartedAt).ToList());
}
