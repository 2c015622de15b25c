using System.Data.Common;
using Npgsql;

namespace Stagecast.Grains.Storage;

/// <summary>PostgreSQL through one pooled Npgsql data source per process.</summary>
public sealed class PostgresDatabase(string connectionString) : RelationalDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override string Kind => "postgres";

    public override string BinaryType => "BYTEA";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default) =>
        await _dataSource.OpenConnectionAsync(ct);

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
