using Stagecast.Contracts.Subscriptions;
using Stagecast.Gateway.Subscriptions;

namespace Stagecast.Gateway.Privacy;

/// <summary>
/// Account deletion ends the account's subscriptions at the provider, at once and without a further invoice: those it
/// pays for (nobody is left to pay) and those paid to it (nobody is left to support). Done before the ledger is
/// pseudonymised, while the subscriptions still name the user; each cancel is idempotent, so a repeated deletion
/// after a failure cancels what is left.
/// </summary>
public sealed class SubscriptionCancellation(IGrainFactory grains, ISubscriptionProvider provider, ILogger<SubscriptionCancellation> logger)
{
    /// <summary>Cancels every subscription of the user still running at the provider; the count. Provider errors propagate.</summary>
    public async Task<int> CancelAllAsync(string userId, CancellationToken ct)
    {
        var index = grains.GetGrain<ISubscriptionsGrain>(0);
        var running = (await index.ForSubscriber(userId)).Concat(await index.ForCreator(userId))
            .Where(s => s.Entitled && s.ProviderRef is not null)
            .DistinctBy(s => s.SubscriptionId)
            .ToList();
        foreach (var subscription in running)
        {
            var signal = await provider.CancelNowAsync(subscription, ct);
            await grains.GetGrain<ISubscriptionGrain>(subscription.SubscriptionId).Apply(signal);
            logger.LogInformation("Subscription {SubscriptionId} canceled because account {UserId} is being deleted", subscription.SubscriptionId, userId);
        }
        return running.Count;
    }
}
