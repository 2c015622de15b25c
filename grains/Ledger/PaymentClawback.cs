using Stagecast.Grains.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>The creator share of coins that were reversed after being spent: from held gifts first, the rest as loss.</summary>
internal static class PaymentClawback
{
    /// <summary>
    /// The creator share of spent coins comes back from the sender's still-held gifts, newest first; whatever is
    /// already released (or cashed out) is booked as platform loss. Returns the diamonds clawed per creator and the loss.
    /// </summary>
    public static async Task<(Dictionary<string, long> Clawed, long Lost)> ApplyAsync(PaymentFact fact, long spentCoins, List<LedgerEntry> entries)
    {
        await fact.Batch.FlushHoldsAsync();
        var holds = new List<(string Key, string Creator, long Coins, long Diamonds)>();
        await using (var query = fact.Batch.Command("SELECT tx_key, creator_id, coins, diamonds FROM ledger_hold WHERE sender_id = @s AND state = 'pending' ORDER BY at DESC, tx_key DESC"))
        {
            LedgerBatch.Add(query, "@s", fact.UserId);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                holds.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }
        var remaining = spentCoins;
        var clawed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var hold in holds)
        {
            if (remaining == 0)
            {
                break;
            }
            var takeCoins = Math.Min(hold.Coins, remaining);
            var takeDiamonds = takeCoins == hold.Coins ? hold.Diamonds : checked(takeCoins * hold.Diamonds) / hold.Coins;
            await using var update = fact.Batch.Command("""
                UPDATE ledger_hold SET coins = coins - @c, diamonds = diamonds - @d,
                    state = CASE WHEN coins = @c THEN 'clawed' ELSE state END
                WHERE tx_key = @k AND state = 'pending'
                """);
            LedgerBatch.Add(update, "@c", takeCoins);
            LedgerBatch.Add(update, "@d", takeDiamonds);
            LedgerBatch.Add(update, "@k", hold.Key);
            if (await update.ExecuteNonQueryAsync() != 1)
            {
                continue;
            }
            remaining -= takeCoins;
            clawed[hold.Creator] = clawed.GetValueOrDefault(hold.Creator) + takeDiamonds;
            entries.Add(new(PendingDiamonds(hold.Creator), Diamond, -takeDiamonds));
        }
        var lost = fact.Economy.CreatorDiamonds(remaining);
        entries.Add(new(ChargebackLoss, Diamond, -lost));
        entries.Add(new(DiamondsReversed, Diamond, clawed.Values.Sum() + lost));
        return (clawed, lost);
    }
}
