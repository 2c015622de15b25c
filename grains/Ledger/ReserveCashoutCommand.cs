using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>Phase one of a cash-out: available diamonds move to reserved, once per cash-out id; null when not enough are available.</summary>
public sealed class ReserveCashoutCommand(string userId, string cashoutId, long diamonds, long cents) : LedgerCommand
{
    public override string Key { get; } = $"cashout-reserve:{cashoutId}";

    public override string? Shard => userId;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        if (batch.TryGetResult(Key, out _))
        {
            return (object?)await LedgerQueries.FindCashoutAsync(batch.Command(""), cashoutId) ?? Missing;
        }
        if (await batch.TryDebitAsync(AvailableDiamonds(userId), diamonds) is null)
        {
            return Missing;
        }
        batch.Post(Key, "cashout-reserve", userId, diamonds, cashoutId,
        [
            new(AvailableDiamonds(userId), Diamond, -diamonds),
            new(ReservedDiamonds(userId), Diamond, diamonds),
        ], AvailableDiamonds(userId));
        await using var insert = batch.Command("""
            INSERT INTO ledger_cashout (cashout_id, user_id, diamonds, cents, status, created_at, updated_at)
            VALUES (@id, @u, @d, @c, 'reserved', @at, @at)
            """);
        LedgerBatch.Add(insert, "@id", cashoutId);
        LedgerBatch.Add(insert, "@u", userId);
        LedgerBatch.Add(insert, "@d", diamonds);
        LedgerBatch.Add(insert, "@c", cents);
        LedgerBatch.Add(insert, "@at", batch.NowMs);
        await insert.ExecuteNonQueryAsync();
        return new CashoutRow(cashoutId, userId, diamonds, cents, "reserved", null, null, batch.NowMs);
    }

    /// <summary>The result when nothing was reserved.</summary>
    public static readonly object Missing = new();
}
