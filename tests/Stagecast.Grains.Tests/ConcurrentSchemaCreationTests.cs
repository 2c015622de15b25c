using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Reminders;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Grains.Tests;

/// <summary>
/// Silos and gateways started together on an empty PostgreSQL database all create the schema at once.
/// Each "host" here has its own connection pool, as a separate process does, and runs every schema
/// creation path the silo runs on start-up (grain state, reminders, ledger, payments).
/// </summary>
public sealed class ConcurrentSchemaCreationTests
{
    private const int Hosts = 6;

    [Fact]
    public async Task Many_hosts_creating_the_schema_at_once_on_an_empty_database_all_succeed()
    {
        // Several fresh databases: the race (23505 on pg_type_typname_nsp_index) needs two sessions in the
        // same CREATE TABLE at the same moment, so a single round could pass by luck without the lock.
        for (var round = 0; round < 5; round++)
        {
            var connectionString = await TestServices.CreatePostgresDatabaseAsync("schema");
            var databases = Enumerable.Range(0, Hosts).Select(_ => new PostgresDatabase(connectionString)).ToList();
            try
            {
                using var start = new Barrier(Hosts);
                var hosts = databases.Select(database => Task.Run(async () =>
                {
                    start.SignalAndWait();
                    await Task.WhenAll(
                        database.EnsureSchemaAsync(LedgerSchema.Name, LedgerSchema.Ddl),
                        database.EnsureSchemaAsync(PaymentsSchema.Name, PaymentsSchema.Ddl),
                        new RelationalReminderTable(database, Options.Create(new ClusterOptions { ServiceId = "svc" })).Init(),
                        WriteGrainStateAsync(database));
                })).ToList();
                await Task.WhenAll(hosts);

                // Every host can use every table afterwards.
                foreach (var database in databases)
                {
                    Assert.Equal(Hosts, await CountGrainStatesAsync(database));
                }
            }
            finally
            {
                foreach (var database in databases)
                {
                    await database.DisposeAsync();
                }
            }
        }
    }

    private static async Task WriteGrainStateAsync(IRelationalDatabase database)
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Value = 1 } };
        await StorageTarget.Storage(database).WriteStateAsync("counter", GrainId.Create("counter", Guid.NewGuid().ToString("N")), state);
    }

    private static async Task<long> CountGrainStatesAsync(IRelationalDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
