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
                // amount_refunded is cumulative over every refund of the charge (partial ones included).
                return new PaymentSignal(stripeEvent.Id, PaymentSignalKind.Refunded, Meta(charge.Metadata), null, charge.PaymentIntentId, stripeEvent.Type,
                    AmountCents: charge.Amount, RefundedCents: charge.Refunded ? Math.Max(charge.Amount, charge.AmountRefunded) : charge.AmountRefunded);
            case Refund refund when stripeEvent.Type is EventTypes.RefundCreated or EventTypes.RefundUpdated && refund.Status == "succeeded":
                // One refund: counted once by its id, whichever of its events comes first.
                return new PaymentSignal(stripeEvent.Id, PaymentSignalKind.Refunded, Meta(refund.Metadata), null, refund.PaymentIntentId, stripeEvent.Type,
                    RefundedCents: refund.Amount, ReferenceId: refund.Id);
            case Dispute dispute when stripeEvent.Type is EventTypes.ChargeDisputeCreated or EventTypes.ChargeDisputeUpdated or EventTypes.ChargeDisputeFundsWithdrawn
                or EventTypes.ChargeDisputeFundsReinstated or EventTypes.ChargeDisputeClosed:
                return new PaymentSignal(stripeEvent.Id, PaymentSignalKind.Disputed, Meta(dispute.Metadata), null, dispute.PaymentIntentId, stripeEvent.Type,
                    AmountCents: dispute.Amount, ReferenceId: dispute.Id, DisputeStatus: dispute.Status,
                    Funds: dispute.BalanceTransactions?.Where(t => t?.Id is not null).Select(t => new DisputeFunds(t.Id, t.Amount, t.Fee)).ToArray() ?? []);
            default:
                return null;
        }
    }

    private static string? PurchaseOf(Session session) => session.ClientReferenceId ?? Meta(session.Metadata);

    private static string? Meta(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("purchase_id", out var id) ? id : null;
}
