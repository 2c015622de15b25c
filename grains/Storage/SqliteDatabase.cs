using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Stagecast.Grains.Storage;

/// <summary>
/// A SQLite file in WAL mode with synchronous=FULL, so a commit that returned is on disk.
/// Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout, which serialises writers safely.
/// </summary>
public sealed class SqliteDatabase : RelationalDatabase
{
    private readonly string _connectionString;
    private int _walSet;

    public SqliteDatabase(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        DatabasePath = full;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file's absolute path.</summary>
    public string DatabasePath { get; }

    public override string Kind => "sqlite";

    public override string BinaryType => "BLOB";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = Interlocked.Exchange(ref _walSet, 1) == 0
            ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;"
            : "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }

    // SQLITE_CONSTRAINT_PRIMARYKEY = 1555, SQLITE_CONSTRAINT_UNIQUE = 2067.
    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 } e && e.SqliteExtendedErrorCode is 1555 or 2067;
}
