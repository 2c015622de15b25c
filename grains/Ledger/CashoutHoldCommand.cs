namespace Stagecast.Grains.Ledger;

/// <summary>
/// Marks a reserved (or retrying) cash-out as held, or lifts the mark, for the creator to see: the account is suspended
/// or banned, so no transfer is made. Moves no money: the diamonds stay reserved in the ledger while it is held.
/// </summary>
public sealed class CashoutHoldCommand(string cashoutId, bool held) : LedgerCommand
{
    /// <summary>The last_error a held cash-out shows (read back as the "held" state).</summary>
    public const string Marker = "held: account restricted";

    public override string? Key => null;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        await using var command = batch.Command(held
            ? """
              INSERT INTO ledger_cashout_retry (cashout_id, attempts, next_at, last_error, cents_reversed, diamonds_reversed, updated_at)
              VALUES (@id, 0, NULL, @e, 0, 0, @at)
              ON CONFLICT (cashout_id) DO UPDATE SET next_at = NULL, last_error = excluded.last_error, updated_at = excluded.updated_at
              """
            : "UPDATE ledger_cashout_retry SET last_error = NULL, updated_at = @at WHERE cashout_id = @id AND last_error = @e");
        LedgerBatch.Add(command, "@id", cashoutId);
        LedgerBatch.Add(command, "@e", Marker);
        LedgerBatch.Add(command, "@at", batch.NowMs);
        return await command.ExecuteNonQueryAsync();
    }
}
