using Orleans.Concurrency;
using Stagecast.Contracts.Subscriptions;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Subscriptions;

/// <summary>Routes provider events to their subscription and answers the lists (a subscriber's, a creator's) and perk checks.</summary>
[StatelessWorker]
public sealed class SubscriptionsGrain(LedgerService ledger, IRelationalDatabase database, SubscriptionOptions options) : Grain, ISubscriptionsGrain
{
    public async Task<SubscriptionOutcome> Route(SubscriptionSignal signal)
    {
        await SubscriptionSchema.EnsureAsync(database);
        await using var connection = await ledger.Reader.OpenAsync();
        string? id = null;
        if (!string.IsNullOrEmpty(signal.SubscriptionId))
        {
            id = (await SubscriptionQueries.FindAsync(connection.CreateCommand(), signal.SubscriptionId))?.SubscriptionId;
        }
        if (id is null && !string.IsNullOrEmpty(signal.ProviderRef))
        {
            id = await SubscriptionQueries.ScalarAsync(connection.CreateCommand(), "SELECT subscription_id FROM ledger_subscription WHERE provider_ref = @v", signal.ProviderRef);
        }
        if (id is null && !string.IsNullOrEmpty(signal.PaymentRef))
        {
            id = await SubscriptionQueries.ScalarAsync(connection.CreateCommand(), "SELECT subscription_id FROM ledger_sub_invoice WHERE payment_ref = @v", signal.PaymentRef);
        }
        return id is null
            ? SubscriptionOutcome.UnknownSubscription
            : await GrainFactory.GetGrain<ISubscriptionGrain>(id).Apply(signal with { SubscriptionId = id });
    }

    public async Task<bool> IsInvoicePayment(string paymentRef)
    {
        await SubscriptionSchema.EnsureAsync(database);
        await using var connection = await ledger.Reader.OpenAsync();
        return await SubscriptionQueries.ScalarAsync(connection.CreateCommand(), "SELECT invoice_id FROM ledger_sub_invoice WHERE payment_ref = @v", paymentRef) is not null;
    }

    public Task<IReadOnlyList<SubscriptionView>> ForSubscriber(string subscriberId) => ListAsync("subscriber_id = @v AND status <> 'pending'", subscriberId);

    public Task<IReadOnlyList<SubscriptionView>> ForCreator(string creatorId) => ListAsync("creator_id = @v AND status <> 'pending'", creatorId);

    public async Task<IReadOnlyList<string>> EntitledAmong(string creatorId, IReadOnlyList<string> userIds)
    {
        var wanted = userIds.ToHashSet(StringComparer.Ordinal);
        return (await ForCreator(creatorId)).Where(s => s.Entitled && wanted.Contains(s.SubscriberId)).Select(s => s.SubscriberId).Distinct().ToArray();
    }

    /// <summary>Months are the invoices paid over all the user's subscriptions to the creator (a resubscriber keeps their count).</summary>
    public async Task<SubscriberBadge?> Badge(string creatorId, string userId)
    {
        if ((await ForSubscriber(userId)).FirstOrDefault(s => s.CreatorId == creatorId && s.Entitled) is not { } current)
        {
            return null;
        }
        await using var connection = await ledger.Reader.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*) FROM ledger_sub_invoice WHERE creator_id = @c
            AND subscription_id IN (SELECT subscription_id FROM ledger_subscription WHERE subscriber_id = @v AND creator_id = @c)
            """;
        LedgerBatch.Add(command, "@c", creatorId);
        LedgerBatch.Add(command, "@v", userId);
        var months = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        return new SubscriberBadge(current.TierId, Math.Max(1, months));
    }

    public async Task<SubscriptionEarnings> Earnings(string creatorId)
    {
        await SubscriptionSchema.EnsureAsync(database);
        await using var connection = await ledger.Reader.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT paid_at, cents, taken_cents, diamonds, clawed_diamonds, loss_diamonds FROM ledger_sub_invoice WHERE creator_id = @v ORDER BY paid_at";
        LedgerBatch.Add(command, "@v", creatorId);
        long invoices = 0, paid = 0, taken = 0, diamonds = 0;
        var days = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            invoices++;
            paid += r.GetInt64(1);
            taken += r.GetInt64(2);
            var net = r.GetInt64(3) - r.GetInt64(4) - r.GetInt64(5);
            diamonds += net;
            var day = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            days[day] = days.GetValueOrDefault(day) + net;
        }
        return new SubscriptionEarnings(invoices, paid, taken, diamonds, days.Select(d => new EarningDay(d.Key, d.Value)).ToArray());
    }

    private async Task<IReadOnlyList<SubscriptionView>> ListAsync(string where, string value)
    {
        await SubscriptionSchema.EnsureAsync(database);
        await using var connection = await ledger.Reader.OpenAsync();
        var now = ledger.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var grace = (long)options.GracePeriod.TotalMilliseconds;
        return (await SubscriptionQueries.ListAsync(connection.CreateCommand(), where, value)).Select(r => r.ToView(now, grace)).ToArray();
    }
}
