using System.Data.Common;

namespace Stagecast.Grains.Storage;

/// <summary>
/// The one relational database a silo keeps its durable data in: SQLite for the embedded default,
/// PostgreSQL for cluster mode. Grain state, reminders and the ledger all live in it.
/// </summary>
public interface IRelationalDatabase
{
    /// <summary>"sqlite" or "postgres", for logs and health output.</summary>
    string Kind { get; }

    /// <summary>An open connection, configured for durable commits.</summary>
    ValueTask<DbConnection> OpenAsync(CancellationToken ct = default);

    /// <summary>The SQL type of a binary column ("BLOB" or "BYTEA").</summary>
    string BinaryType { get; }

    /// <summary>Runs a schema script once per process (CREATE ... IF NOT EXISTS statements), serialised across callers.</summary>
    Task EnsureSchemaAsync(string name, string ddl, CancellationToken ct = default);

    /// <summary>True when the exception reports a primary-key or unique violation.</summary>
    bool IsUniqueViolation(Exception exception);
}
