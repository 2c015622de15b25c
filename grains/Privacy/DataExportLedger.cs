using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Privacy;

/// <summary>Every ledger row that names a user, table by table, as stored (the columns <see cref="PseudonymiseCommand"/> covers).</summary>
internal static class DataExportLedger
{
    public static async Task<IReadOnlyList<(string Table, List<Dictionary<string, object?>> Rows)>> RowsAsync(LedgerService ledger, string userId)
    {
        var result = new List<(string, List<Dictionary<string, object?>>)>();
        await using var connection = await ledger.Reader.OpenAsync();
        foreach (var table in PseudonymiseCommand.Columns.GroupBy(c => c.Table))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table.Key} WHERE " + string.Join(" OR ", table.Select(c => $"{c.Column} LIKE @like"));
            LedgerBatch.Add(command, "@like", "%" + userId + "%");
            var rows = new List<Dictionary<string, object?>>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }
                    rows.Add(row);
                }
            }
            result.Add((table.Key, rows));
        }
        return result;
    }
}
