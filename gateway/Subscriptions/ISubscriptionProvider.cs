using Stagecast.Contracts.Subscriptions;
using Stagecast.Gateway.Payments;

namespace Stagecast.Gateway.Subscriptions;

/// <summary>Where a subscription is paid: Stripe Checkout in subscription mode, or the clearly labelled local sandbox.</summary>
public interface ISubscriptionProvider
{
    /// <summary>A hosted checkout that starts the monthly subscription.</summary>
    Task<CheckoutSessionInfo> CreateCheckoutAsync(SubscriptionView subscription, SubscriptionTier tier, Uri origin, CancellationToken ct);

    /// <summary>Asks the provider to end the subscription at its period's end; the signal to apply now (the webhook confirms it later).</summary>
    Task<SubscriptionSignal> CancelAtPeriodEndAsync(SubscriptionView subscription, CancellationToken ct);

    /// <summary>Ends the subscription now, without a further invoice (account deletion); the signal to apply now.</summary>
    Task<SubscriptionSignal> CancelNowAsync(SubscriptionView subscription, CancellationToken ct);
}
