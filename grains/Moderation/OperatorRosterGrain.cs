using Stagecast.Contracts.Moderation;

namespace Stagecast.Grains.Moderation;

/// <summary>Operators granted by other operators.</summary>
public sealed class OperatorRosterGrain(
    [PersistentState("operators", "store")] IPersistentState<OperatorRosterState> state) : Grain, IOperatorRosterGrain
{
    public Task<bool> IsOperator(string userId) => Task.FromResult(state.State.Operators.Contains(userId));

    public async Task Set(string userId, bool isOperator)
    {
        var next = isOperator ? state.State.Operators.Add(userId) : state.State.Operators.Remove(userId);
        if (next != state.State.Operators)
        {
            state.State = state.State with { Operators = next };
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>(state.State.Operators.ToList());
}
