namespace Stagecast.Grains.Ledger;

/// <summary>
/// How much of one purchase is taken back so far: the best known cumulative refund, the coins and cents reversed,
/// and the chargeback loss still booked for it (clawbacks per creator are rows of their own).
/// </summary>
internal sealed class ReversalState
{
    public long RefundedCents { get; set; }

    public long CoinsReversed { get; set; }

    public long CentsReversed { get; set; }

    public long LossDiamonds { get; set; }

    public bool Stored { get; set; }

    public static async Task<ReversalState> LoadAsync(LedgerBatch batch, PurchaseRow purchase)
    {
        await using var command = batch.Command("SELECT refunded_cents, coins_reversed, cents_reversed, loss_diamonds FROM ledger_purchase_reversal WHERE purchase_id = @p");
        LedgerBatch.Add(command, "@p", purchase.PurchaseId);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            return new ReversalState
            {
                RefundedCents = reader.GetInt64(0), CoinsReversed = reader.GetInt64(1), CentsReversed = reader.GetInt64(2), LossDiamonds = reader.GetInt64(3), Stored = true,
            };
        }
        // A purchase reversed before partial reversals existed was reversed whole (its loss is not known per purchase).
        return purchase.Status == "reversed"
            ? new ReversalState { RefundedCents = purchase.PriceCents, CoinsReversed = purchase.Coins, CentsReversed = purchase.PriceCents }
            : new ReversalState();
    }

    public async Task SaveAsync(LedgerBatch batch, string purchaseId)
    {
        await using var command = batch.Command("""
            INSERT INTO ledger_purchase_reversal (purchase_id, refunded_cents, coins_reversed, cents_reversed, loss_diamonds, updated_at)
            VALUES (@p, @r, @c, @m, @l, @at)
            ON CONFLICT (purchase_id) DO UPDATE SET refunded_cents = excluded.refunded_cents, coins_reversed = excluded.coins_reversed,
                cents_reversed = excluded.cents_reversed, loss_diamonds = excluded.loss_diamonds, updated_at = excluded.updated_at
            """);
        LedgerBatch.Add(command, "@p", purchaseId);
        LedgerBatch.Add(command, "@r", RefundedCents);
        LedgerBatch.Add(command, "@c", CoinsReversed);
        LedgerBatch.Add(command, "@m", CentsReversed);
        LedgerBatch.Add(command, "@l", LossDiamonds);
        LedgerBatch.Add(command, "@at", batch.NowMs);
        await command.ExecuteNonQueryAsync();
        Stored = true;
    }
}
