using Stagecast.Contracts.Subscriptions;
using Stripe;
using Stripe.Checkout;

namespace Stagecast.Gateway.Subscriptions;

/// <summary>Reduces a verified Stripe event about a subscription (checkout in subscription mode, invoices, subscription snapshots) to a signal; null otherwise.</summary>
public static class SubscriptionEventTranslator
{
    public static SubscriptionSignal? ToSignal(Event e)
    {
        var at = new DateTimeOffset(DateTime.SpecifyKind(e.Created, DateTimeKind.Utc));
        switch (e.Data.Object)
        {
            case Session session when e.Type == EventTypes.CheckoutSessionCompleted && session.Mode == "subscription":
                return new SubscriptionSignal(e.Id, e.Type, SubscriptionSignalKind.CheckoutCompleted, at,
                    session.ClientReferenceId ?? Meta(session.Metadata), session.SubscriptionId, ProviderStatus: session.PaymentStatus);
            case Invoice invoice when e.Type is EventTypes.InvoicePaid or EventTypes.InvoicePaymentSucceeded or EventTypes.InvoicePaymentFailed
                && invoice.Parent?.SubscriptionDetails is { } details:
                var periodEnd = invoice.Lines?.Data?.Where(l => l.Period is not null).Select(l => (DateTime?)l.Period.End).Max();
                return new SubscriptionSignal(e.Id, e.Type, e.Type == EventTypes.InvoicePaymentFailed ? SubscriptionSignalKind.InvoiceFailed : SubscriptionSignalKind.InvoicePaid, at,
                    Meta(details.Metadata), details.SubscriptionId, invoice.Id, invoice.AmountPaid,
                    periodEnd is { } end ? new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc)) : null,
                    PaymentRef: invoice.Payments?.Data?.Select(p => p.Payment?.PaymentIntentId).FirstOrDefault(p => p is not null));
            case Subscription subscription when e.Type is EventTypes.CustomerSubscriptionCreated or EventTypes.CustomerSubscriptionUpdated:
                return Snapshot(e.Id, e.Type, SubscriptionSignalKind.Updated, at, subscription);
            case Subscription subscription when e.Type == EventTypes.CustomerSubscriptionDeleted:
                return Snapshot(e.Id, e.Type, SubscriptionSignalKind.Deleted, at, subscription);
            default:
                return null;
        }
    }

    /// <summary>A refund or dispute of a charge that paid a subscription invoice (found by its payment intent).</summary>
    public static SubscriptionSignal? ToPaymentSignal(Event e)
    {
        var at = new DateTimeOffset(DateTime.SpecifyKind(e.Created, DateTimeKind.Utc));
        return e.Data.Object switch
        {
            Charge charge when e.Type == EventTypes.ChargeRefunded && charge.PaymentIntentId is not null =>
                new SubscriptionSignal(e.Id, e.Type, SubscriptionSignalKind.Refunded, at, PaymentRef: charge.PaymentIntentId,
                    RefundedCents: charge.Refunded ? Math.Max(charge.Amount, charge.AmountRefunded) : charge.AmountRefunded),
            Refund refund when e.Type is EventTypes.RefundCreated or EventTypes.RefundUpdated && refund.Status == "succeeded" && refund.PaymentIntentId is not null =>
                new SubscriptionSignal(e.Id, e.Type, SubscriptionSignalKind.Refunded, at, PaymentRef: refund.PaymentIntentId, RefundedCents: refund.Amount, ReferenceId: refund.Id),
            Dispute dispute when e.Type is EventTypes.ChargeDisputeCreated or EventTypes.ChargeDisputeUpdated or EventTypes.ChargeDisputeFundsWithdrawn
                or EventTypes.ChargeDisputeFundsReinstated or EventTypes.ChargeDisputeClosed && dispute.PaymentIntentId is not null =>
                new SubscriptionSignal(e.Id, e.Type, SubscriptionSignalKind.Disputed, at, PaymentRef: dispute.PaymentIntentId, AmountCents: dispute.Amount,
                    ReferenceId: dispute.Id, DisputeStatus: dispute.Status,
                    Funds: dispute.BalanceTransactions?.Where(t => t?.Id is not null).Select(t => new Contracts.Wallet.DisputeFunds(t.Id, t.Amount, t.Fee)).ToArray() ?? []),
            _ => null,
        };
    }

    public static SubscriptionSignal Snapshot(string eventId, string type, SubscriptionSignalKind kind, DateTimeOffset at, Subscription subscription)
    {
        var end = subscription.Items?.Data?.Select(i => (DateTime?)i.CurrentPeriodEnd).Max();
        return new SubscriptionSignal(eventId, type, kind, at, Meta(subscription.Metadata), subscription.Id,
            PeriodEnd: end is { } e && e > DateTime.UnixEpoch ? new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc)) : null,
            ProviderStatus: subscription.Status, CancelAtPeriodEnd: subscription.CancelAtPeriodEnd);
    }

    private static string? Meta(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("subscription_id", out var id) ? id : null;
}
