using Orleans.Storage;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Grains.Tests;

public sealed class RelationalGrainStorageTests : IDisposable
{
    private readonly TempDirectory _data = new("stagecast-storage");

    public void Dispose() => _data.Dispose();

    private static GrainId Grain(string key) => GrainId.Create("counter", key);

    public static TheoryData<string> Kinds => new() { "sqlite", "postgres" };

    [Theory, MemberData(nameof(Kinds))]
    public async Task Read_of_a_missing_record_is_default_without_etag(string kind)
    {
        var storage = StorageTarget.Storage(await StorageTarget.OpenAsync(kind, _data));
        var state = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("counter", Grain("missing"), state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Value);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Write_then_read_round_trips_and_advances_the_etag(string kind)
    {
        var storage = StorageTarget.Storage(await StorageTarget.OpenAsync(kind, _data));
        var id = Grain("rt");
        var state = new TestGrainState<CounterState> { State = new CounterState { Value = 7, Note = "héllo" } };
        await storage.WriteStateAsync("counter", id, state);
        var first = state.ETag;
        state.State = state.State with { Value = 8 };
        await storage.WriteStateAsync("counter", id, state);

        var read = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("counter", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(8, read.State.Value);
        Assert.Equal("héllo", read.State.Note);
        Assert.Equal(state.ETag, read.ETag);
        Assert.NotEqual(first, read.ETag);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_stale_etag_is_refused_and_the_newer_state_is_kept(string kind)
    {
        var storage = StorageTarget.Storage(await StorageTarget.OpenAsync(kind, _data));
        var id = Grain("stale");
        await storage.WriteStateAsync("counter", id, new TestGrainState<CounterState> { State = new() { Value = 1 } });
        var a = new TestGrainState<CounterState>();
        var b = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("counter", id, a);
        await storage.ReadStateAsync("counter", id, b);

        a.State = a.State with { Value = 2 };
        await storage.WriteStateAsync("counter", id, a);
        b.State = b.State with { Value = 3 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, b));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", id, b));

        var read = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("counter", id, read);
        Assert.Equal(2, read.State.Value);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Concurrent_writers_from_one_version_produce_exactly_one_winner(string kind)
    {
        var storage = StorageTarget.Storage(await StorageTarget.OpenAsync(kind, _data));
        var id = Grain("race");
        await storage.WriteStateAsync("counter", id, new TestGrainState<CounterState>());
        var contenders = new List<TestGrainState<CounterState>>();
        for (var i = 0; i < 16; i++)
        {
            var s = new TestGrainState<CounterState>();
            await storage.ReadStateAsync("counter", id, s);
            s.State = s.State with { Value = i + 100 };
            contenders.Add(s);
        }

        var outcomes = await Task.WhenAll(contenders.Select(async s =>
        {
            try
            {
                await storage.WriteStateAsync("counter", id, s);
                return s.State.Value;
            }
            catch (InconsistentStateException)
            {
                return -1;
            }
        }));

        var winner = Assert.Single(outcomes, v => v >= 0);
        var read = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("counter", id, read);
        Assert.Equal(winner, read.State.Value);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Two_first_inserts_race_and_one_is_refused(string kind)
    {
        var storage = StorageTarget.Storage(await StorageTarget.OpenAsync(kind, _data));
        var id = Grain("insert-race");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await storage.WriteStateAsync("counter", id, new TestGrainState<CounterState> { State = new() { Value = i } });
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));
        Assert.Single(results, r => r);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Clear_removes_the_record_and_a_later_write_starts_over(string kind)
    {
        var storage = StorageTarget.Storage(await StorageTarget.OpenAsync(kind, _data));
        var id = Grain("clear");
        var state = new TestGrainState<CounterState> { State = new() { Value = 5 } };
        await storage.WriteStateAsync("counter", id, state);
        await storage.ClearStateAsync("counter", id, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);

        var read = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("counter", id, read);
        Assert.False(read.RecordExists);

        state.State = new CounterState { Value = 6 };
        await storage.WriteStateAsync("counter", id, state);
        await storage.ReadStateAsync("counter", id, read);
        Assert.Equal(6, read.State.Value);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task State_names_and_services_are_kept_apart(string kind)
    {
        var db = await StorageTarget.OpenAsync(kind, _data);
        var one = StorageTarget.Storage(db, "service-one");
        var two = StorageTarget.Storage(db, "service-two");
        var id = Grain("apart");
        await one.WriteStateAsync("a", id, new TestGrainState<CounterState> { State = new() { Value = 1 } });
        await one.WriteStateAsync("b", id, new TestGrainState<CounterState> { State = new() { Value = 2 } });
        await two.WriteStateAsync("a", id, new TestGrainState<CounterState> { State = new() { Value = 3 } });

        var read = new TestGrainState<CounterState>();
        await one.ReadStateAsync("a", id, read);
        Assert.Equal(1, read.State.Value);
        await one.ReadStateAsync("b", id, read);
        Assert.Equal(2, read.State.Value);
        await two.ReadStateAsync("a", id, read);
        Assert.Equal(3, read.State.Value);
    }

    [Fact]
    public async Task A_new_process_on_the_same_SQLite_file_reads_what_was_acknowledged()
    {
        var path = Path.Combine(_data.Path, "restart.db");
        var id = Grain("restart");
        var writer = StorageTarget.Storage(new SqliteDatabase(path));
        var state = new TestGrainState<CounterState>();
        for (var i = 1; i <= 50; i++)
        {
            state.State = new CounterState { Value = i };
            await writer.WriteStateAsync("counter", id, state);
        }

        // A fresh database object stands for a restarted process: nothing shared in memory.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var reader = StorageTarget.Storage(new SqliteDatabase(path));
        var read = new TestGrainState<CounterState>();
        await reader.ReadStateAsync("counter", id, read);
        Assert.Equal(50, read.State.Value);
        Assert.Equal(state.ETag, read.ETag);
    }
}
