using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Subscriptions;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// One subscription (key: its id). It keeps no state of its own: the subscription lives in the ledger's database and
/// changes in the same transaction as its money; the grain makes one subscription's events apply one at a time.
/// </summary>
public sealed class SubscriptionGrain(LedgerService ledger, IRelationalDatabase database, SubscriptionOptions options, ILogger<SubscriptionGrain> logger)
    : Grain, ISubscriptionGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<SubscriptionView?> Start(string subscriberId, string creatorId, string tierId)
    {
        if (options.FindTier(tierId) is not { } tier)
        {
            return null;
        }
        await SubscriptionSchema.EnsureAsync(database);
        await ledger.Writer.SubmitAsync<bool>(new StartSubscriptionCommand(Id, subscriberId, creatorId, tier));
        return await Get();
    }

    public async Task<SubscriptionOutcome> Apply(SubscriptionSignal signal)
    {
        await SubscriptionSchema.EnsureAsync(database);
        // A booked invoice claims refunds and disputes the payment path kept as orphans (its tables, and the dispute fees').
        await PaymentsSchema.EnsureAsync(database);
        var outcome = await ledger.Writer.SubmitAsync<SubscriptionOutcome>(new SubscriptionCommand(Id, signal, options, ledger.Economy));
        if (signal.Kind == SubscriptionSignalKind.InvoicePaid && signal.PaymentRef is { } paymentRef && outcome is SubscriptionOutcome.Activated or SubscriptionOutcome.Renewed)
        {
            // A refund parked while this invoice was being booked (on another ledger writer) is claimed now.
            await ledger.Writer.SubmitAsync<bool>(new SubscriptionOrphanClaim(paymentRef));
        }
        logger.LogInformation("Subscription {SubscriptionId}: {EventType} {EventId} -> {Outcome}", Id, signal.EventType, signal.EventId, outcome);
        return outcome;
    }

    public async Task<SubscriptionView?> Get()
    {
        await SubscriptionSchema.EnsureAsync(database);
        await using var connection = await ledger.Reader.OpenAsync();
        var row = await SubscriptionQueries.FindAsync(connection.CreateCommand(), Id);
        return row?.ToView(ledger.Time.GetUtcNow().ToUnixTimeMilliseconds(), (long)options.GracePeriod.TotalMilliseconds);
    }
}
