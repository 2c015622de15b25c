using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Matches;

/// <summary>Per sender, the coins gifted into a room in a window of gift times (the ledger's gift facts).</summary>
public interface IRoomGiftFacts
{
    /// <summary>Per sender: coins gifted with <paramref name="fromMs"/> &lt;= at &lt; <paramref name="toMs"/>, and those at or after <paramref name="stretchFromMs"/>.</summary>
    Task<IReadOnlyList<RoomGiftTotal>> TotalsAsync(string roomId, long fromMs, long toMs, long stretchFromMs);
}

/// <summary>
/// Reads the coins gifted into a room from the ledger's gift facts (<c>ledger_hold</c>: one row per paid gift, keyed by
/// the gift's transaction key, written in the same transaction as the coins moved), so a gift counts exactly once.
/// </summary>
public sealed class RoomGiftFacts(IRelationalDatabase database, LedgerService ledger) : IRoomGiftFacts
{
    private const string IndexSchema = "ledger-match-v1";
    private const string IndexDdl = "CREATE INDEX IF NOT EXISTS ix_ledger_hold_room ON ledger_hold (room_id, at);";

    public async Task<IReadOnlyList<RoomGiftTotal>> TotalsAsync(string roomId, long fromMs, long toMs, long stretchFromMs)
    {
        await using var connection = await ledger.Reader.OpenAsync();
        await database.EnsureSchemaAsync(IndexSchema, IndexDdl);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sender_id, SUM(coins), SUM(CASE WHEN at >= @s THEN coins ELSE 0 END)
            FROM ledger_hold WHERE room_id = @r AND at >= @f AND at < @t GROUP BY sender_id
            """;
        LedgerBatch.Add(command, "@r", roomId);
        LedgerBatch.Add(command, "@f", fromMs);
        LedgerBatch.Add(command, "@t", toMs);
        LedgerBatch.Add(command, "@s", stretchFromMs);
        var totals = new List<RoomGiftTotal>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            totals.Add(new RoomGiftTotal(reader.GetString(0), Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2))));
        }
        return totals;
    }
}
