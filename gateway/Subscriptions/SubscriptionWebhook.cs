using Stagecast.Contracts.Subscriptions;
using Stripe;

namespace Stagecast.Gateway.Subscriptions;

/// <summary>The subscription part of the Stripe webhook: subscription events, and refunds or disputes of a charge that paid a subscription invoice.</summary>
public static class SubscriptionWebhook
{
    /// <summary>The outcome when the event is about a subscription, or null to let the coin purchase path have it.</summary>
    public static async Task<string?> TryApplyAsync(Event stripeEvent, IGrainFactory grains)
    {
        var index = grains.GetGrain<ISubscriptionsGrain>(0);
        if (SubscriptionEventTranslator.ToSignal(stripeEvent) is { } signal)
        {
            return (await index.Route(signal)).ToString();
        }
        if (SubscriptionEventTranslator.ToPaymentSignal(stripeEvent) is { PaymentRef: { } paymentRef } payment && await index.IsInvoicePayment(paymentRef))
        {
            return (await index.Route(payment)).ToString();
        }
        return null;
    }
}
