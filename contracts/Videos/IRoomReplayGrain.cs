namespace Stagecast.Contracts.Videos;

/// <summary>A room's replay setting (key: room id): who may play the replay videos made from its lives, and which they are.</summary>
[Alias("Stagecast.IRoomReplayGrain")]
public interface IRoomReplayGrain : IGrainWithStringKey
{
    /// <summary>Sets the visibility of the room's future replays (<see cref="VideoVisibility"/>); the caller checked the host.</summary>
    [Alias("SetVisibility")]
    Task SetVisibility(string visibility);

    /// <summary>The visibility the room's replays get (public unless the host chose otherwise).</summary>
    [Alias("GetVisibility")]
    Task<string> GetVisibility();

    /// <summary>A replay video was made from one of the room's lives (idempotent).</summary>
    [Alias("AddVideo")]
    Task AddVideo(string videoId);

    /// <summary>The replay videos made from the room's lives, oldest first.</summary>
    [Alias("Videos")]
    Task<IReadOnlyList<string>> Videos();
}
