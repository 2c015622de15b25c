using Stagecast.Contracts.Matches;

namespace Stagecast.Grains.Matches;

/// <summary>
/// A room's match slot. A slot whose match is over (its release lost to a crash) is taken over by the next claim.
/// </summary>
public sealed class RoomMatchGrain(
    [PersistentState("roomMatch", "store")] IPersistentState<RoomMatchState> state,
    IGrainFactory grains) : Grain, IRoomMatchGrain
{
    public async Task<string?> Claim(string matchId)
    {
        if (state.State.MatchId is { } holder && holder != matchId
            && await grains.GetGrain<IMatchGrain>(holder).Get() is { Status: MatchStatus.Invited or MatchStatus.Running })
        {
            return holder;
        }
        if (state.State.MatchId != matchId)
        {
            var played = state.State.Played.Contains(matchId) ? state.State.Played : state.State.Played.Add(matchId);
            state.State = state.State with { MatchId = matchId, Played = played };
            await state.WriteStateAsync();
        }
        return null;
    }

    public async Task Release(string matchId)
    {
        if (state.State.MatchId == matchId)
        {
            state.State = state.State with { MatchId = null };
            await state.WriteStateAsync();
        }
    }

    public Task<string?> Current() => Task.FromResult(state.State.MatchId);

    public Task<IReadOnlyList<string>> Played() => Task.FromResult<IReadOnlyList<string>>(state.State.Played);
}
