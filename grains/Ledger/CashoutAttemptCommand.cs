namespace Stagecast.Grains.Ledger;

/// <summary>
/// Records a cash-out's transfer attempts for the creator to see; with a next attempt time, the cash-out is
/// "retrying" (its transfer outcome is unknown, the diamonds stay reserved). Moves no money.
/// </summary>
public sealed class CashoutAttemptCommand(string cashoutId, int attempts, long? nextAtMs, string? error) : LedgerCommand
{
    public override string? Key => null;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        await using (var upsert = batch.Command("""
            INSERT INTO ledger_cashout_retry (cashout_id, attempts, next_at, last_error, cents_reversed, diamonds_reversed, updated_at)
            VALUES (@id, @n, @next, @e, 0, 0, @at)
            ON CONFLICT (cashout_id) DO UPDATE SET attempts = excluded.attempts, next_at = excluded.next_at,
                last_error = COALESCE(excluded.last_error, ledger_cashout_retry.last_error), updated_at = excluded.updated_at
            WHERE ledger_cashout_retry.attempts <= excluded.attempts
            """))
        {
            LedgerBatch.Add(upsert, "@id", cashoutId);
            LedgerBatch.Add(upsert, "@n", attempts);
            LedgerBatch.Add(upsert, "@next", nextAtMs);
            LedgerBatch.Add(upsert, "@e", error);
            LedgerBatch.Add(upsert, "@at", batch.NowMs);
            await upsert.ExecuteNonQueryAsync();
        }
        if (nextAtMs is not null)
        {
            await using var status = batch.Command("UPDATE ledger_cashout SET status = 'retrying', updated_at = @at WHERE cashout_id = @id AND status IN ('reserved', 'retrying')");
            LedgerBatch.Add(status, "@id", cashoutId);
            LedgerBatch.Add(status, "@at", batch.NowMs);
            await status.ExecuteNonQueryAsync();
        }
        return attempts;
    }
}
