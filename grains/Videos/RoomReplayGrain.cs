using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>The room's replay visibility, kept apart from the room grain so that rooms need not know about videos.</summary>
public sealed class RoomReplayGrain([PersistentState("replay", "store")] IPersistentState<RoomReplayState> state) : Grain, IRoomReplayGrain
{
    public async Task SetVisibility(string visibility)
    {
        if (!VideoVisibility.IsValid(visibility) || state.State.Visibility == visibility)
        {
            return;
        }
        state.State = new RoomReplayState { Visibility = visibility };
        await state.WriteStateAsync();
    }

    public Task<string> GetVisibility() => Task.FromResult(state.State.Visibility);
}

[GenerateSerializer, Alias("Stagecast.RoomReplayState")]
public sealed record RoomReplayState
{
    [Id(0)] public string Visibility { get; init; } = VideoVisibility.Public;
}
