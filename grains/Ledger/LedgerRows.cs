using System.Data.Common;

namespace Stagecast.Grains.Ledger;

/// <summary>The audits' way of reading: every row of a query, inside the audit's one transaction, as plain values.</summary>
internal static class LedgerRows
{
    /// <summary>How long one audit statement may run (the Verify grain call allows ten minutes in all).</summary>
    public const int AuditTimeoutSeconds = 600;

    public static async Task<List<object[]>> ReadAsync(DbConnection connection, DbTransaction transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        // An audit reads every row of the ledger's large tables; Npgsql's default 30 s would cut it off on a large ledger.
        command.CommandTimeout = AuditTimeoutSeconds;
        var rows = new List<object[]>();
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var row = new object[r.FieldCount];
            r.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A SUM or COUNT cell as a long; NULL (a sum over no rows) is 0.</summary>
    public static long Long(object o) => o is DBNull ? 0 : Convert.ToInt64(o);
}
