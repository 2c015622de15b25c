using System.Data.Common;
using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Subscriptions;

/// <summary>Look-ups of subscriptions and their invoices, inside a batch or over a reader's connection.</summary>
public static class SubscriptionQueries
{
    /// <summary>A subscription by our id, or null (disposes the command).</summary>
    public static async Task<SubscriptionRow?> FindAsync(DbCommand command, string subscriptionId)
    {
        var rows = await ListAsync(command, "subscription_id = @v", subscriptionId);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Subscriptions matching a condition on one parameter @v, newest first (disposes the command).</summary>
    public static async Task<List<SubscriptionRow>> ListAsync(DbCommand command, string where, string value)
    {
        await using (command)
        {
            command.Parameters.Clear();
            command.CommandText = $"SELECT {SubscriptionRow.Columns} FROM ledger_subscription WHERE {where} ORDER BY created_at DESC, subscription_id";
            LedgerBatch.Add(command, "@v", value);
            var rows = new List<SubscriptionRow>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(SubscriptionRow.Read(reader));
            }
            return rows;
        }
    }

    /// <summary>One column of the first row a query on @v returns, or null (disposes the command).</summary>
    public static async Task<string?> ScalarAsync(DbCommand command, string sql, string value)
    {
        await using (command)
        {
            command.CommandText = sql;
            LedgerBatch.Add(command, "@v", value);
            var result = await command.ExecuteScalarAsync();
            return result is null or DBNull ? null : Convert.ToString(result, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
