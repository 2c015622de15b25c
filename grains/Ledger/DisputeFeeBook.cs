using Stagecast.Contracts.Wallet;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// A dispute's balance transactions, each recorded once by id (<c>ledger_dispute_funds</c>), with Stripe's dispute fee
/// booked when first seen (positive when assessed, negative when returned): a platform expense paid in cash. Shared by
/// coin purchases and subscription invoices, so the verifier's fee check covers both.
/// </summary>
internal static class DisputeFeeBook
{
    /// <summary>Whether any balance transaction was new, and whether a fee was booked.</summary>
    public static async Task<(bool Recorded, bool FeeBooked)> RecordAsync(LedgerBatch batch, string disputeId, string payerId, IReadOnlyList<DisputeFunds>? funds)
    {
        var recorded = false;
        var feeBooked = false;
        foreach (var f in funds ?? [])
        {
            await using var insert = batch.Command("INSERT INTO ledger_dispute_funds (transaction_id, dispute_id, amount, fee, at) VALUES (@t, @d, @a, @f, @at) ON CONFLICT (transaction_id) DO NOTHING");
            LedgerBatch.Add(insert, "@t", f.TransactionId);
            LedgerBatch.Add(insert, "@d", disputeId);
            LedgerBatch.Add(insert, "@a", f.AmountCents);
            LedgerBatch.Add(insert, "@f", f.FeeCents);
            LedgerBatch.Add(insert, "@at", batch.NowMs);
            if (await insert.ExecuteNonQueryAsync() != 1)
            {
                continue;
            }
            recorded = true;
            if (f.FeeCents != 0)
            {
                feeBooked = true;
                batch.Post($"dispute-fee:{f.TransactionId}", "dispute-fee", payerId, f.FeeCents, disputeId,
                [
                    new(LedgerAccounts.DisputeFees, LedgerAccounts.Usd, f.FeeCents),
                    new(LedgerAccounts.CashClearing, LedgerAccounts.Usd, -f.FeeCents),
                ]);
            }
        }
        return (recorded, feeBooked);
    }
}
