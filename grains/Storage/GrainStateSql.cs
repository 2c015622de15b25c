namespace Stagecast.Grains.Storage;

/// <summary>
/// The SQL of <see cref="RelationalGrainStorage"/>: one table, one row per (service, grain, state name), written only
/// when the stored version is the one read. The statements are common to SQLite and PostgreSQL; the dialect enters
/// only through the binary column type (<see cref="IRelationalDatabase.BinaryType"/>). Parameters: @s service,
/// @g grain, @n state name, @v version read, @d data, @t time written.
/// </summary>
internal static class GrainStateSql
{
    public const string Table = "grain_state";

    private const string Key = "service_id = @s AND grain_id = @g AND state_name = @n";

    public const string Read = "SELECT version, data FROM grain_state WHERE " + Key;

    /// <summary>The first write; affects no row when one exists already.</summary>
    public const string Insert = """
        INSERT INTO grain_state (service_id, grain_id, state_name, version, data, updated_at)
        VALUES (@s, @g, @n, 1, @d, @t) ON CONFLICT DO NOTHING
        """;

    /// <summary>A later write; affects no row when the stored version is not @v.</summary>
    public const string Update = "UPDATE grain_state SET version = version + 1, data = @d, updated_at = @t WHERE " + Key + " AND version = @v";

    public const string Delete = "DELETE FROM grain_state WHERE " + Key + " AND version = @v";

    public const string Count = "SELECT COUNT(*) FROM grain_state WHERE " + Key;

    public static string Ddl(IRelationalDatabase db) => $"""
        CREATE TABLE IF NOT EXISTS grain_state (
            service_id TEXT NOT NULL,
            grain_id TEXT NOT NULL,
            state_name TEXT NOT NULL,
            version BIGINT NOT NULL,
            data {db.BinaryType} NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (service_id, grain_id, state_name));
        """;
}
