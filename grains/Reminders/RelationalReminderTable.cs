using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Reminders;

/// <summary>
/// Orleans reminders kept in the same relational database as grain state, so the embedded default
/// keeps them across restarts. Rows are found by the grain's uniform hash, which Orleans uses to
/// split the reminder ring among silos: a range (begin, end] that wraps when begin >= end.
/// </summary>
public sealed class RelationalReminderTable(IRelationalDatabase database, IOptions<ClusterOptions> cluster) : IReminderTable
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    private string Ddl => """
        CREATE TABLE IF NOT EXISTS reminders (
            service_id TEXT NOT NULL,
            grain_id TEXT NOT NULL,
            reminder_name TEXT NOT NULL,
            grain_hash BIGINT NOT NULL,
            start_at_ticks BIGINT NOT NULL,
            period_ms BIGINT NOT NULL,
            version BIGINT NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name));
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);
        """;

    public Task Init() => database.EnsureSchemaAsync("reminders", Ddl);

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        QueryAsync("WHERE service_id = @s AND grain_id = @g", c => DbCommands.AddParameter(c, "@g", grainId.ToString()));

    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var where = begin < end
            ? "WHERE service_id = @s AND grain_hash > @b AND grain_hash <= @e"
            : "WHERE service_id = @s AND (grain_hash > @b OR grain_hash <= @e)";
        return QueryAsync(where, c =>
        {
            DbCommands.AddParameter(c, "@b", (long)begin);
            DbCommands.AddParameter(c, "@e", (long)end);
        });
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await QueryAsync("WHERE service_id = @s AND grain_id = @g AND reminder_name = @n", c =>
        {
            DbCommands.AddParameter(c, "@g", grainId.ToString());
            DbCommands.AddParameter(c, "@n", reminderName);
        });
        return rows.Reminders.FirstOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        await Init();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at_ticks, period_ms, version)
            VALUES (@s, @g, @n, @h, @t, @p, 1)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
            SET start_at_ticks = excluded.start_at_ticks, period_ms = excluded.period_ms, version = reminders.version + 1
            RETURNING version
            """;
        DbCommands.AddParameter(command, "@s", _serviceId);
        DbCommands.AddParameter(command, "@g", entry.GrainId.ToString());
        DbCommands.AddParameter(command, "@n", entry.ReminderName);
        DbCommands.AddParameter(command, "@h", (long)entry.GrainId.GetUniformHashCode());
        DbCommands.AddParameter(command, "@t", entry.StartAt.ToUniversalTime().Ticks);
        DbCommands.AddParameter(command, "@p", (long)entry.Period.TotalMilliseconds);
        var version = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return version.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }
        await Init();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE service_id = @s AND grain_id = @g AND reminder_name = @n AND version = @v";
        DbCommands.AddParameter(command, "@s", _serviceId);
        DbCommands.AddParameter(command, "@g", grainId.ToString());
        DbCommands.AddParameter(command, "@n", reminderName);
        DbCommands.AddParameter(command, "@v", version);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task TestOnlyClearTable()
    {
        await Init();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE service_id = @s";
        DbCommands.AddParameter(command, "@s", _serviceId);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<ReminderTableData> QueryAsync(string where, Action<DbCommand> bind)
    {
        await Init();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT grain_id, reminder_name, start_at_ticks, period_ms, version FROM reminders {where}";
        DbCommands.AddParameter(command, "@s", _serviceId);
        bind(command);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }
        return new ReminderTableData(entries);
    }
}
