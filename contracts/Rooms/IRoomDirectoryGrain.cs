namespace Stagecast.Contracts.Rooms;

/// <summary>The list of rooms now live (one grain, key "live"), fed by the room grains.</summary>
[Alias("Stagecast.IRoomDirectoryGrain")]
public interface IRoomDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds or refreshes a live room's listing.</summary>
    [Alias("Upsert")]
    Task Upsert(RoomListing listing);

    /// <summary>Drops a room that has ended.</summary>
    [Alias("Remove")]
    Task Remove(string roomId);

    /// <summary>Live rooms, most viewers first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<RoomListing>> List();
}
