using Microsoft.Extensions.Logging.Abstractions;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>The group-commit writer's fallback: when a batch fails, each of its commands is retried alone.</summary>
public sealed class LedgerWriterFallbackTests
{
    private sealed class ProbeFailure(string id) : Exception($"probe {id} refused");

    /// <summary>Inserts one probe row in the batch's transaction; a failing one inserts, then throws.</summary>
    private sealed class InsertCommand(string id, bool fail = false) : LedgerCommand
    {
        public int Executions;

        public string Id => id;

        public override string? Key => null;

        public override async Task<object> ExecuteAsync(LedgerBatch batch)
        {
            Interlocked.Increment(ref Executions);
            await using var command = batch.Command("INSERT INTO writer_probe (id) VALUES (@id)");
            LedgerBatch.Add(command, "@id", id);
            await command.ExecuteNonQueryAsync();
            return fail ? throw new ProbeFailure(id) : id;
        }
    }

    /// <summary>Holds the writer's loop inside a batch until released, so the next commands queue up into one batch.</summary>
    private sealed class GateCommand : LedgerCommand
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override string? Key => null;

        public override async Task<object> ExecuteAsync(LedgerBatch batch)
        {
            Entered.TrySetResult();
            await Release.Task;
            return "gate";
        }
    }

    [Fact]
    public async Task One_failing_command_in_a_batch_does_not_fail_the_others()
    {
        using var data = new TempDirectory("stagecast-writer");
        var database = new SqliteDatabase(Path.Combine(data.Path, "ledger.db"));
        await using (var connection = await database.OpenAsync())
        {
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE writer_probe (id TEXT PRIMARY KEY)";
            await create.ExecuteNonQueryAsync();
        }
        await using var writer = new LedgerWriter(database, TimeProvider.System, NullLogger.Instance, maxBatch: 100);

        var gate = new GateCommand();
        var gated = writer.SubmitAsync<object>(gate);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var good = Enumerable.Range(0, 10).Select(i => new InsertCommand($"good-{i}")).ToArray();
        var bad = new InsertCommand("bad", fail: true);
        var submitted = good.Take(5).Append(bad).Concat(good.Skip(5)).Select(c => (c, writer.SubmitAsync<object>(c))).ToArray();
        gate.Release.SetResult();
        Assert.Equal("gate", await gated);

        foreach (var (command, result) in submitted)
        {
            if (command == bad)
            {
                await Assert.ThrowsAsync<ProbeFailure>(() => result);
            }
            else
            {
                Assert.Equal(command.Id, await result);
            }
        }
        // The batch ran in order up to the bad command and rolled back; then each of the eleven ran alone: the ten
        // good ones committed one batch each, and the bad one failed alone.
        Assert.All(good.Take(5), g => Assert.Equal(2, g.Executions));
        Assert.All(good.Skip(5), g => Assert.Equal(1, g.Executions));
        Assert.Equal(2, bad.Executions);
        Assert.Equal(1 + good.Length, Interlocked.Read(ref writer.Batches));

        await using var check = await database.OpenAsync();
        await using var select = check.CreateCommand();
        select.CommandText = "SELECT id FROM writer_probe ORDER BY id";
        var rows = new List<string>();
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }
        Assert.Equal(good.Select(g => g.Id).Order(StringComparer.Ordinal), rows);
    }
}
