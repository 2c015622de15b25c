using Stagecast.Contracts.Subscriptions;
using Stagecast.Gateway.Payments;

namespace Stagecast.Gateway.Subscriptions;

/// <summary>
/// SANDBOX: no money moves. Checkout is a local page whose button confirms the first invoice; the same page has
/// "Renew now" (a next month's invoice paid) and "Fail renewal" for testing. Runs only with Stagecast:Payments:Sandbox=true.
/// </summary>
public sealed class SandboxSubscriptionProvider(TimeProvider time, SandboxCheckoutToken tokens) : ISubscriptionProvider
{
    public Task<CheckoutSessionInfo> CreateCheckoutAsync(SubscriptionView subscription, SubscriptionTier tier, Uri origin, CancellationToken ct) =>
        Task.FromResult(new CheckoutSessionInfo("sandbox_" + subscription.SubscriptionId,
            new Uri(origin, $"/subscriptions/sandbox/{Uri.EscapeDataString(subscription.SubscriptionId)}?t=" +
                tokens.ForSubscription(subscription.SubscriptionId, subscription.SubscriberId)).ToString()));

    public Task<SubscriptionSignal> CancelAtPeriodEndAsync(SubscriptionView subscription, CancellationToken ct) =>
        Task.FromResult(new SubscriptionSignal($"sandbox:{subscription.SubscriptionId}:cancel:{Guid.NewGuid():N}", "sandbox.cancel_at_period_end",
            SubscriptionSignalKind.Updated, time.GetUtcNow(), subscription.SubscriptionId, subscription.ProviderRef,
            ProviderStatus: subscription.Status == SubscriptionStatus.PastDue ? "past_due" : "active", CancelAtPeriodEnd: true));

    public Task<SubscriptionSignal> CancelNowAsync(SubscriptionView subscription, CancellationToken ct) =>
        Task.FromResult(new SubscriptionSignal($"sandbox:{subscription.SubscriptionId}:delete", "sandbox.deleted",
            SubscriptionSignalKind.Deleted, time.GetUtcNow(), subscription.SubscriptionId, subscription.ProviderRef, ProviderStatus: "canceled"));
}
