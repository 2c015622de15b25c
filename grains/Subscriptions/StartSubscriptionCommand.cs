using Stagecast.Contracts.Subscriptions;
using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Subscriptions;

/// <summary>Records a pending subscription; it becomes active only when the provider reports a paid invoice.</summary>
public sealed class StartSubscriptionCommand(string subscriptionId, string subscriberId, string creatorId, SubscriptionTier tier) : LedgerCommand
{
    public override string? Key => null;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        await using var command = batch.Command($"""
            INSERT INTO ledger_subscription ({SubscriptionRow.Columns}, updated_at)
            VALUES (@id, @s, @c, @t, @p, @cur, 'pending', NULL, NULL, 0, NULL, 0, @at, @at) ON CONFLICT (subscription_id) DO NOTHING
            """);
        LedgerBatch.Add(command, "@id", subscriptionId);
        LedgerBatch.Add(command, "@s", subscriberId);
        LedgerBatch.Add(command, "@c", creatorId);
        LedgerBatch.Add(command, "@t", tier.Id);
        LedgerBatch.Add(command, "@p", tier.PriceCents);
        LedgerBatch.Add(command, "@cur", tier.Currency);
        LedgerBatch.Add(command, "@at", batch.NowMs);
        await command.ExecuteNonQueryAsync();
        return true;
    }
}
