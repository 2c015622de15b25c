using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>Rooms now live. Membership is written through; viewer counts only refresh the in-memory copy.</summary>
public sealed class RoomDirectoryGrain(
    [PersistentState("directory", "store")] IPersistentState<RoomDirectoryState> state) : Grain, IRoomDirectoryGrain
{
    public async Task Upsert(RoomListing listing)
    {
        var known = state.State.Rooms.ContainsKey(listing.RoomId);
        state.State.Rooms[listing.RoomId] = listing;
        if (!known)
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
        state.State.Rooms.Values.OrderByDescending(r => r.Viewers).ThenByDescending(r => r.StartedAt).ToList());
}
