using System.Collections.Concurrent;
using System.Data.Common;

namespace Stagecast.Grains.Storage;

/// <summary>What SQLite and PostgreSQL share: schema set-up once per process.</summary>
public abstract class RelationalDatabase : IRelationalDatabase
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _schemas = new();

    public abstract string Kind { get; }

    public abstract string BinaryType { get; }

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct = default);

    public abstract bool IsUniqueViolation(Exception exception);

    public Task EnsureSchemaAsync(string name, string ddl, CancellationToken ct = default)
    {
        var lazy = _schemas.GetOrAdd(name, _ => new Lazy<Task>(() => ApplyAsync(ddl)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            // A failed attempt (database not up yet) must not poison later ones.
            _schemas.TryRemove(new KeyValuePair<string, Lazy<Task>>(name, lazy));
        }
        return task.WaitAsync(ct);
    }

    /// <summary>Runs one schema script; a shared database serialises this across processes (see PostgresDatabase).</summary>
    protected virtual async Task ApplyAsync(string ddl)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = ddl;
        await command.ExecuteNonQueryAsync();
    }
}
