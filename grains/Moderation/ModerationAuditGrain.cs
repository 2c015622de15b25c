using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Moderation;
using Stagecast.Grains.Privacy;

namespace Stagecast.Grains.Moderation;

/// <summary>The operators' audit log; every entry is written before the action is reported done.</summary>
public sealed class ModerationAuditGrain(
    [PersistentState("audit", "store")] IPersistentState<ModerationAuditState> state,
    ILogger<ModerationAuditGrain> logger) : Grain, IModerationAuditGrain
{
    public async Task Append(AuditEntry entry)
    {
        state.State = state.State with { Entries = state.State.Entries.Add(entry) };
        await state.WriteStateAsync();
        logger.LogInformation("Operator {OperatorId}: {Action} on {TargetType} {TargetId}", entry.OperatorId, entry.Action, entry.TargetType, entry.TargetId);
    }

    public Task<IReadOnlyList<AuditEntry>> List(int take) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.Entries.Reverse().Take(Math.Clamp(take, 1, 1000)).ToList());

    public async Task<int> Pseudonymise(string userId, string pseudonym)
    {
        var entries = state.State.Entries.Select(e => Pseudonyms.Rewrite(e, userId, pseudonym)).ToImmutableList();
        var changed = entries.Where((e, i) => e != state.State.Entries[i]).Count();
        if (changed > 0)
        {
            state.State = state.State with { Entries = entries };
            await state.WriteStateAsync();
        }
        return changed;
    }
}
