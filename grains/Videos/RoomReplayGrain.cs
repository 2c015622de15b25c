using System.Collections.Immutable;
using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// The room's replay visibility and the replay videos made from its lives, kept apart from the room grain so that rooms
/// need not know about videos. The list lets the owner's data export link a recording to its replay video, which any
/// gateway serves from the shared video store (the recording itself stays on the gateway that made it).
/// </summary>
public sealed class RoomReplayGrain([PersistentState("replay", "store")] IPersistentState<RoomReplayState> state) : Grain, IRoomReplayGrain
{
    public async Task SetVisibility(string visibility)
    {
        if (!VideoVisibility.IsValid(visibility) || state.State.Visibility == visibility)
        {
            return;
        }
        state.State = state.State with { Visibility = visibility };
        await state.WriteStateAsync();
    }

    public Task<string> GetVisibility() => Task.FromResult(state.State.Visibility);

    public async Task AddVideo(string videoId)
    {
        if (!state.State.Videos.Contains(videoId))
        {
            state.State = state.State with { Videos = state.State.Videos.Add(videoId) };
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> Videos() => Task.FromResult<IReadOnlyList<string>>(state.State.Videos);
}

[GenerateSerializer, Alias("Stagecast.RoomReplayState")]
public sealed record RoomReplayState
{
    [Id(0)] public string Visibility { get; init; } = VideoVisibility.Public;
    /// <summary>Replay videos made from the room's lives, oldest first.</summary>
    [Id(1)] public ImmutableList<string> Videos { get; init; } = [];
}
