using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// One sweep: every parked refund or dispute (<c>ledger_orphan_signal</c>, <c>ledger_orphan_reversal</c>) whose payment
/// a booked invoice now knows is claimed and applied, as <see cref="SubscriptionOrphanClaim"/> does for one payment.
/// At most <see cref="Limit"/> payments per sweep, so one batch stays short; the next sweep takes the rest. Returns how
/// many were claimed.
/// </summary>
public sealed class RefundSweepCommand : LedgerCommand
{
    public const int Limit = 200;

    public override string? Key => null;

    /// <summary>The first shard, with the bookings, parkings and claims (see <see cref="SubscriptionOrphanClaim.Shard"/>).</summary>
    public override string? Shard => null;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        var refs = new List<string>();
        await using (var find = batch.Command($"""
            SELECT DISTINCT o.payment_ref FROM
              (SELECT payment_ref FROM ledger_orphan_signal UNION SELECT payment_ref FROM ledger_orphan_reversal) o
            JOIN ledger_sub_invoice i ON i.payment_ref = o.payment_ref
            ORDER BY o.payment_ref LIMIT {Limit}
            """))
        {
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                refs.Add(reader.GetString(0));
            }
        }
        var claimed = 0;
        foreach (var paymentRef in refs)
        {
            claimed += await SubscriptionOrphanClaim.ClaimAsync(batch, paymentRef) ? 1 : 0;
        }
        return claimed;
    }
}
