using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// Stripe reversed a paid cash-out's transfer (transfer.reversed, cumulative amount_reversed): the money is back on
/// the platform and the matching diamonds go back to the creator's available diamonds. Cumulative and once per
/// event; diamonds back are floored (the platform's favour), the whole amount gives back exactly all of them.
/// </summary>
public sealed class ReverseCashoutCommand(string userId, string cashoutId, string eventId, long amountReversedCents) : LedgerCommand
{
    public override string? Key => null;

    public override string? Shard => userId;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        var row = await LedgerQueries.FindCashoutAsync(batch.Command(""), cashoutId);
        if (row is null || row.UserId != userId || row.Status is not ("paid" or "reversed"))
        {
            return (object?)row ?? ReserveCashoutCommand.Missing;
        }
        await using (var seen = batch.Command("SELECT 1 FROM ledger_event WHERE event_id = @e"))
        {
            LedgerBatch.Add(seen, "@e", eventId);
            if (await seen.ExecuteScalarAsync() is not null and not DBNull)
            {
                return row;
            }
        }
        long centsBefore = 0, diamondsBefore = 0;
        await using (var query = batch.Command("SELECT cents_reversed, diamonds_reversed FROM ledger_cashout_retry WHERE cashout_id = @id"))
        {
            LedgerBatch.Add(query, "@id", cashoutId);
            await using var reader = await query.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                centsBefore = reader.GetInt64(0);
                diamondsBefore = reader.GetInt64(1);
            }
        }
        var cents = Math.Clamp(amountReversedCents, 0, row.Cents);
        var diamonds = cents >= row.Cents ? row.Diamonds : row.Cents == 0 ? 0 : checked(row.Diamonds * cents) / row.Cents;
        var status = cents >= row.Cents ? "reversed" : "paid";
        if (cents > centsBefore || diamonds > diamondsBefore)
        {
            var dc = Math.Max(0, cents - centsBefore);
            var dd = Math.Max(0, diamonds - diamondsBefore);
            batch.Post($"cashout-reversed:{cashoutId}:{eventId}", "cashout-reversal", userId, dd, eventId,
            [
                new(DiamondsCashedOut, Diamond, -dd),
                new(AvailableDiamonds(userId), Diamond, dd),
                new(CreatorPayouts, Usd, -dc),
                new(CashClearing, Usd, dc),
            ]);
            await using var upsert = batch.Command("""
                INSERT INTO ledger_cashout_retry (cashout_id, attempts, next_at, last_error, cents_reversed, diamonds_reversed, updated_at)
                VALUES (@id, 0, NULL, NULL, @c, @d, @at)
                ON CONFLICT (cashout_id) DO UPDATE SET cents_reversed = excluded.cents_reversed, diamonds_reversed = excluded.diamonds_reversed, updated_at = excluded.updated_at
                """);
            LedgerBatch.Add(upsert, "@id", cashoutId);
            LedgerBatch.Add(upsert, "@c", Math.Max(cents, centsBefore));
            LedgerBatch.Add(upsert, "@d", Math.Max(diamonds, diamondsBefore));
            LedgerBatch.Add(upsert, "@at", batch.NowMs);
            await upsert.ExecuteNonQueryAsync();
            await using var update = batch.Command("UPDATE ledger_cashout SET status = @s, updated_at = @at WHERE cashout_id = @id");
            LedgerBatch.Add(update, "@s", status);
            LedgerBatch.Add(update, "@at", batch.NowMs);
            LedgerBatch.Add(update, "@id", cashoutId);
            await update.ExecuteNonQueryAsync();
            row = row with { Status = status };
        }
        await using var record = batch.Command("INSERT INTO ledger_event (event_id, type, outcome, at) VALUES (@e, 'transfer.reversed', @o, @at) ON CONFLICT (event_id) DO NOTHING");
        LedgerBatch.Add(record, "@e", eventId);
        LedgerBatch.Add(record, "@o", row.Status);
        LedgerBatch.Add(record, "@at", batch.NowMs);
        await record.ExecuteNonQueryAsync();
        return row;
    }
}
