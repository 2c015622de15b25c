using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>Phase two: a reserved (or retrying) cash-out is posted (transfer made: diamonds redeemed, cash paid) or voided (diamonds back to available). Once only.</summary>
public sealed class SettleCashoutCommand(string userId, string cashoutId, bool succeeded, string? transferId, string? failure) : LedgerCommand
{
    public override string? Key => null;

    public override string? Shard => userId;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        var row = await LedgerQueries.FindCashoutAsync(batch.Command(""), cashoutId);
        if (row is null || row.UserId != userId || row.Status is not ("reserved" or "retrying"))
        {
            return (object?)row ?? ReserveCashoutCommand.Missing;
        }
        if (succeeded)
        {
            batch.Post($"cashout-post:{cashoutId}", "cashout", userId, row.Diamonds, transferId,
            [
                new(ReservedDiamonds(userId), Diamond, -row.Diamonds),
                new(DiamondsCashedOut, Diamond, row.Diamonds),
                new(CashClearing, Usd, -row.Cents),
                new(CreatorPayouts, Usd, row.Cents),
            ]);
        }
        else
        {
            batch.Post($"cashout-void:{cashoutId}", "cashout-void", userId, row.Diamonds, failure,
            [
                new(ReservedDiamonds(userId), Diamond, -row.Diamonds),
                new(AvailableDiamonds(userId), Diamond, row.Diamonds),
            ]);
        }
        var status = succeeded ? "paid" : "failed";
        await using var update = batch.Command("UPDATE ledger_cashout SET status = @s, transfer_id = @t, failure = @f, updated_at = @at WHERE cashout_id = @id AND status IN ('reserved', 'retrying')");
        LedgerBatch.Add(update, "@s", status);
        LedgerBatch.Add(update, "@t", transferId);
        LedgerBatch.Add(update, "@f", failure);
        LedgerBatch.Add(update, "@at", batch.NowMs);
        LedgerBatch.Add(update, "@id", cashoutId);
        await update.ExecuteNonQueryAsync();
        return row with { Status = status, TransferId = transferId, Failure = failure };
    }
}
