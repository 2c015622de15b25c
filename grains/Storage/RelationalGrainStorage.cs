using System.Data.Common;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;

namespace Stagecast.Grains.Storage;

/// <summary>
/// Orleans grain storage on <see cref="IRelationalDatabase"/> (Orleans ships none for SQLite).
/// One row per (service, grain, state name); the ETag is a version number, and every write or clear
/// names the version it read, so a stale activation gets <see cref="InconsistentStateException"/>
/// instead of overwriting newer state.
/// </summary>
public sealed class RelationalGrainStorage(
    string name,
    string serviceId,
    IRelationalDatabase database,
    Serializer serializer,
    ILogger<RelationalGrainStorage> logger) : IGrainStorage
{
    internal static string Ddl(IRelationalDatabase db) => $"""
        CREATE TABLE IF NOT EXISTS grain_state (
            service_id TEXT NOT NULL,
            grain_id TEXT NOT NULL,
            state_name TEXT NOT NULL,
            version BIGINT NOT NULL,
            data {db.BinaryType} NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (service_id, grain_id, state_name));
        """;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection,
            "SELECT version, data FROM grain_state WHERE service_id = @s AND grain_id = @g AND state_name = @n",
            stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            var version = reader.GetInt64(0);
            var bytes = (byte[])reader.GetValue(1);
            grainState.State = serializer.Deserialize<T>(bytes);
            grainState.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var bytes = serializer.SerializeToArray(grainState.State);
        var now = DateTimeOffset.UtcNow.ToString("O");
        await using var connection = await OpenAsync();
        long newVersion;
        if (grainState.ETag is null)
        {
            await using var insert = Command(connection, """
                INSERT INTO grain_state (service_id, grain_id, state_name, version, data, updated_at)
                VALUES (@s, @g, @n, 1, @d, @t) ON CONFLICT DO NOTHING
                """, stateName, grainId);
            AddParameter(insert, "@d", bytes);
            AddParameter(insert, "@t", now);
            if (await insert.ExecuteNonQueryAsync() == 0)
            {
                throw Conflict(stateName, grainId, null, "a row already exists");
            }
            newVersion = 1;
        }
        else
        {
            var expected = ParseVersion(grainState.ETag);
            await using var update = Command(connection, """
                UPDATE grain_state SET version = version + 1, data = @d, updated_at = @t
                WHERE service_id = @s AND grain_id = @g AND state_name = @n AND version = @v
                """, stateName, grainId);
            AddParameter(update, "@d", bytes);
            AddParameter(update, "@t", now);
            AddParameter(update, "@v", expected);
            if (await update.ExecuteNonQueryAsync() == 0)
            {
                throw Conflict(stateName, grainId, grainState.ETag, "the stored version differs");
            }
            newVersion = expected + 1;
        }
        grainState.ETag = newVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        if (grainState.ETag is not null)
        {
            await using var delete = Command(connection,
                "DELETE FROM grain_state WHERE service_id = @s AND grain_id = @g AND state_name = @n AND version = @v",
                stateName, grainId);
            AddParameter(delete, "@v", ParseVersion(grainState.ETag));
            if (await delete.ExecuteNonQueryAsync() == 0)
            {
                throw Conflict(stateName, grainId, grainState.ETag, "the stored version differs");
            }
        }
        else
        {
            await using var exists = Command(connection,
                "SELECT COUNT(*) FROM grain_state WHERE service_id = @s AND grain_id = @g AND state_name = @n",
                stateName, grainId);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                throw Conflict(stateName, grainId, null, "a row exists that this activation never read");
            }
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task<DbConnection> OpenAsync()
    {
        await database.EnsureSchemaAsync("grain_state", Ddl(database));
        return await database.OpenAsync();
    }

    private DbCommand Command(DbConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@s", serviceId);
        AddParameter(command, "@g", grainId.ToString());
        AddParameter(command, "@n", stateName);
        return command;
    }

    internal static void AddParameter(DbCommand command, string parameterName, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = parameterName;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static long ParseVersion(string etag) =>
        long.TryParse(etag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new InconsistentStateException($"ETag '{etag}' is not a version this storage wrote.");

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? etag, string why)
    {
        logger.LogWarning("Storage {Provider}: write conflict on {GrainId}/{StateName} with ETag {ETag}: {Why}", name, grainId, stateName, etag, why);
        return new InconsistentStateException($"Write conflict on {grainId}/{stateName} ({why}).", "unknown", etag ?? "none");
    }
}
