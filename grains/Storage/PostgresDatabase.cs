using System.Data.Common;
using Npgsql;

namespace Stagecast.Grains.Storage;

/// <summary>PostgreSQL through one pooled Npgsql data source per process.</summary>
public sealed class PostgresDatabase(string connectionString) : RelationalDatabase, IAsyncDisposable
{
    /// <summary>
    /// The advisory lock every Stagecast process takes around schema creation ("stagecast" in ASCII).
    /// Two sessions running CREATE TABLE IF NOT EXISTS for the same new table at once can both pass the
    /// existence check and the second then fails on pg_type's unique index (23505); silos and gateways
    /// started together do exactly that on an empty database.
    /// </summary>
    public const long SchemaLockKey = 0x73746167_65636173;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override string Kind => "postgres";

    public override string BinaryType => "BYTEA";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default) =>
        await _dataSource.OpenConnectionAsync(ct);

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    protected override async Task ApplyAsync(string ddl)
    {
        // One transaction: the transaction-scoped lock is released by the commit (or by the server if
        // this process dies), and a script that fails half-way leaves nothing behind.
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", SchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync();
        }
        await using (var command = new NpgsqlCommand(ddl, connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
