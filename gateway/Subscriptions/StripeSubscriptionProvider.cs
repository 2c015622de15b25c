using Stagecast.Contracts.Subscriptions;
using Stagecast.Gateway.Payments;
using Stripe;
using Stripe.Checkout;

namespace Stagecast.Gateway.Subscriptions;

/// <summary>Stripe through Stripe.net: a Checkout Session in subscription mode (a monthly recurring price), and cancel at period end.</summary>
public sealed class StripeSubscriptionProvider(StripeSettings settings, TimeProvider time) : ISubscriptionProvider
{
    private readonly StripeClient _client = new(new StripeClientOptions
    {
        ApiKey = settings.SecretKey,
        ApiBase = string.IsNullOrWhiteSpace(settings.ApiBase) ? null : settings.ApiBase,
    });

    public async Task<CheckoutSessionInfo> CreateCheckoutAsync(SubscriptionView subscription, SubscriptionTier tier, Uri origin, CancellationToken ct)
    {
        var metadata = new Dictionary<string, string>
        {
            ["subscription_id"] = subscription.SubscriptionId,
            ["subscriber_id"] = subscription.SubscriberId,
            ["creator_id"] = subscription.CreatorId,
        };
        var session = await new SessionService(_client).CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            ClientReferenceId = subscription.SubscriptionId,
            Metadata = metadata,
            // On the subscription, so every invoice's parent.subscription_details.metadata names ours.
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = metadata },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = tier.Currency,
                        UnitAmount = tier.PriceCents,
                        Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = "month" },
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"{tier.Name} subscription" },
                    },
                },
            ],
            SuccessUrl = new Uri(origin, "/subscriptions.html?subscribed=" + Uri.EscapeDataString(subscription.SubscriptionId)).ToString(),
            CancelUrl = new Uri(origin, "/profile.html?user=" + Uri.EscapeDataString(subscription.CreatorId)).ToString(),
        }, new RequestOptions { IdempotencyKey = $"sub-checkout:{subscription.SubscriptionId}" }, ct);
        return new CheckoutSessionInfo(session.Id, session.Url);
    }

    public async Task<SubscriptionSignal> CancelAtPeriodEndAsync(SubscriptionView subscription, CancellationToken ct)
    {
        var updated = await new SubscriptionService(_client).UpdateAsync(subscription.ProviderRef, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true },
            new RequestOptions { IdempotencyKey = $"sub-cancel:{subscription.SubscriptionId}" }, ct);
        return SubscriptionEventTranslator.Snapshot($"api:sub-cancel:{subscription.SubscriptionId}:{Guid.NewGuid():N}", "api.subscription.cancel_at_period_end",
            SubscriptionSignalKind.Updated, time.GetUtcNow(), updated) with { SubscriptionId = subscription.SubscriptionId };
    }

    public async Task<SubscriptionSignal> CancelNowAsync(SubscriptionView subscription, CancellationToken ct)
    {
        // DELETE /v1/subscriptions/{id}: ends it at once; no proration credit and no final invoice.
        var canceled = await new SubscriptionService(_client).CancelAsync(subscription.ProviderRef, new SubscriptionCancelOptions { InvoiceNow = false, Prorate = false },
            new RequestOptions { IdempotencyKey = $"sub-delete:{subscription.SubscriptionId}" }, ct);
        return SubscriptionEventTranslator.Snapshot($"api:sub-delete:{subscription.SubscriptionId}", "api.subscription.deleted",
            SubscriptionSignalKind.Deleted, time.GetUtcNow(), canceled) with { SubscriptionId = subscription.SubscriptionId };
    }
}
