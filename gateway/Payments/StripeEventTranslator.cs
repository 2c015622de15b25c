using Stagecast.Contracts.Wallet;
using Stripe;
using Stripe.Checkout;

namespace Stagecast.Gateway.Payments;

/// <summary>Reduces a verified Stripe event to a ledger signal; null for events the ledger does not act on.</summary>
public static class StripeEventTranslator
{
    public static PaymentSignal? ToSignal(Event stripeEvent)
    {
        switch (stripeEvent.Data.Object)
        {
            case Session session when stripeEvent.Type is EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded:
                // "completed" with payment_status unpaid means a delayed method: the async event decides later.
                return session.PaymentStatus == "paid"
                    ? new PaymentSignal(stripeEvent.Id, PaymentSignalKind.Paid, PurchaseOf(session), session.Id, session.PaymentIntentId, stripeEvent.Type)
                    : null;
            case Session session when stripeEvent.Type is EventTypes.CheckoutSessionAsyncPaymentFailed or EventTypes.CheckoutSessionExpired:
                return new PaymentSignal(stripeEvent.Id, PaymentSignalKind.Failed, PurchaseOf(session), session.Id, session.PaymentIntentId, stripeEvent.Type);
            case Charge charge when stripeEvent.Type == EventTypes.ChargeRefunded:
                return new PaymentSignal(stripeEvent.Id, PaymentSignalKind.Reversed, Meta(charge.Metadata), null, charge.PaymentIntentId, stripeEvent.Type);
            case Refund refund when stripeEvent.Type is EventTypes.RefundCreated && refund.Status == "succeeded":
                return new PaymentSignal(stripeEvent.Id, PaymentSignalKind.Reversed, Meta(refund.Metadata), null, refund.PaymentIntentId, stripeEvent.Type);
            case Dispute dispute when stripeEvent.Type is EventTypes.ChargeDisputeCreated or EventTypes.ChargeDisputeFundsWithdrawn:
                return new PaymentSignal(stripeEvent.Id, PaymentSignalKind.Reversed, Meta(dispute.Metadata), null, dispute.PaymentIntentId, stripeEvent.Type);
            default:
                return null;
        }
    }

    private static string? PurchaseOf(Session session) => session.ClientReferenceId ?? Meta(session.Metadata);

    private static string? Meta(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("purchase_id", out var id) ? id : null;
}
