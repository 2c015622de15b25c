using System.Data.Common;

namespace Stagecast.Grains.Ledger;

/// <summary>Reads shared by commands (inside a batch) and the reader (outside): each takes a fresh command and disposes it.</summary>
public static class LedgerQueries
{
    /// <summary>The purchase by id, else by checkout session, else by payment reference.</summary>
    public static async Task<PurchaseRow?> FindPurchaseAsync(DbCommand command, string? purchaseId, string? sessionId, string? paymentRef)
    {
        await using (command)
        {
            foreach (var (column, value) in new[] { ("purchase_id", purchaseId), ("session_id", sessionId), ("payment_ref", paymentRef) })
            {
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }
                command.Parameters.Clear();
                command.CommandText = $"SELECT purchase_id, user_id, pack_id, coins, price_cents, currency, session_id, payment_ref, status FROM ledger_purchase WHERE {column} = @v";
                LedgerBatch.Add(command, "@v", value);
                await using var reader = await command.ExecuteReaderAsync();
                if (await reader.ReadAsync())
                {
                    return new PurchaseRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                        reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8));
                }
            }
            return null;
        }
    }

    /// <summary>A cash-out row, or null.</summary>
    public static async Task<CashoutRow?> FindCashoutAsync(DbCommand command, string cashoutId)
    {
        await using (command)
        {
            command.CommandText = CashoutRow.Select + " WHERE cashout_id = @id";
            LedgerBatch.Add(command, "@id", cashoutId);
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? CashoutRow.Read(reader) : null;
        }
    }
}
