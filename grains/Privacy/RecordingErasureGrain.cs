using Stagecast.Contracts.Privacy;

namespace Stagecast.Grains.Privacy;

/// <summary>
/// The rooms whose recordings every gateway must delete, in order with a position each. Entries are kept for
/// <see cref="Retention"/>; a gateway reads from position 0 when it starts, so one that was down for less than that
/// still deletes what it holds.
/// </summary>
public sealed class RecordingErasureGrain(
    [PersistentState("recording-erasure", "store")] IPersistentState<RecordingErasureState> state,
    TimeProvider clock) : Grain, IRecordingErasureGrain
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public async Task Erase(IReadOnlyList<string> roomIds)
    {
        var now = clock.GetUtcNow();
        var entries = state.State.Entries;
        var added = false;
        foreach (var roomId in roomIds.Distinct(StringComparer.Ordinal))
        {
            if (!entries.Any(e => e.RoomId == roomId))
            {
                entries.Add(new RecordingErasureEntry(++state.State.Position, roomId, now));
                added = true;
            }
        }
        var pruned = entries.RemoveAll(e => now - e.At > Retention) > 0;
        if (added || pruned)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<RecordingErasures> Since(long after) => Task.FromResult(new RecordingErasures(
        [.. state.State.Entries.Where(e => e.Position > after).Select(e => e.RoomId)], state.State.Position));
}

[GenerateSerializer, Alias("Stagecast.RecordingErasureState")]
public sealed class RecordingErasureState
{
    [Id(0)] public long Position { get; set; }
    [Id(1)] public List<RecordingErasureEntry> Entries { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("Stagecast.RecordingErasureEntry")]
public sealed record RecordingErasureEntry([property: Id(0)] long Position, [property: Id(1)] string RoomId, [property: Id(2)] DateTimeOffset At);
