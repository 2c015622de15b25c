using System.Data.Common;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;

namespace Stagecast.Grains.Storage;

/// <summary>
/// Orleans grain storage on <see cref="IRelationalDatabase"/> (Orleans ships none for SQLite); its SQL is <see cref="GrainStateSql"/>.
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
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, GrainStateSql.Read, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            var version = reader.GetInt64(0);
            var bytes = (byte[])reader.GetValue(1);
            grainState.State = serializer.Deserialize<T>(bytes);
            grainState.ETag = GrainETags.Of(version);
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
            await using var insert = Command(connection, GrainStateSql.Insert, stateName, grainId);
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
            var expected = GrainETags.Version(grainState.ETag);
            await using var update = Command(connection, GrainStateSql.Update, stateName, grainId);
            AddParameter(update, "@d", bytes);
            AddParameter(update, "@t", now);
            AddParameter(update, "@v", expected);
            if (await update.ExecuteNonQueryAsync() == 0)
            {
                throw Conflict(stateName, grainId, grainState.ETag, "the stored version differs");
            }
            newVersion = expected + 1;
        }
        grainState.ETag = GrainETags.Of(newVersion);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        if (grainState.ETag is not null)
        {
            await using var delete = Command(connection, GrainStateSql.Delete, stateName, grainId);
            AddParameter(delete, "@v", GrainETags.Version(grainState.ETag));
            if (await delete.ExecuteNonQueryAsync() == 0)
            {
                throw Conflict(stateName, grainId, grainState.ETag, "the stored version differs");
            }
        }
        else
        {
            await using var exists = Command(connection, GrainStateSql.Count, stateName, grainId);
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
        await database.EnsureSchemaAsync(GrainStateSql.Table, GrainStateSql.Ddl(database));
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

    private static void AddParameter(DbCommand command, string parameterName, object value) =>
        DbCommands.AddParameter(command, parameterName, value);

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? etag, string why)
    {
        logger.LogWarning("Storage {Provider}: write conflict on {GrainId}/{StateName} with ETag {ETag}: {Why}", name, grainId, stateName, etag, why);
        return new InconsistentStateException($"Write conflict on {grainId}/{stateName} ({why}).", "unknown", etag ?? "none");
    }
}
