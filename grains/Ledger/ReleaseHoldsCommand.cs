using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>Moves a creator's matured holds from pending to available diamonds; the hold rows' state change makes it once-only.</summary>
public sealed class ReleaseHoldsCommand(string creatorId) : LedgerCommand
{
    public override string? Key => null;

    public override string? Shard => creatorId;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        await batch.FlushHoldsAsync();
        await using var command = batch.Command(
            "UPDATE ledger_hold SET state = 'released' WHERE creator_id = @c AND state = 'pending' AND release_at <= @now RETURNING diamonds");
        LedgerBatch.Add(command, "@c", creatorId);
        LedgerBatch.Add(command, "@now", batch.NowMs);
        long total = 0;
        var count = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                total = checked(total + reader.GetInt64(0));
                count++;
            }
        }
        if (count > 0)
        {
            batch.Post($"release:{creatorId}:{Guid.NewGuid():N}", "release", creatorId, total, $"{count} holds",
            [
                new(PendingDiamonds(creatorId), Diamond, -total),
                new(AvailableDiamonds(creatorId), Diamond, total),
            ]);
        }
        return total;
    }
}
