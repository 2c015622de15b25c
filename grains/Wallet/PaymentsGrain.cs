using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Wallet;

/// <summary>Finds which wallet a payment event belongs to and hands it over; keeps orphan reversals for later.</summary>
[StatelessWorker]
public sealed class PaymentsGrain(LedgerService ledger, IRelationalDatabase database, ILogger<PaymentsGrain> logger) : Grain, IPaymentsGrain
{
    private readonly LedgerService _ledger = ledger;

    public async Task<PaymentOutcome> Apply(PaymentSignal signal)
    {
        await PaymentsSchema.EnsureAsync(database);
        var purchase = await _ledger.Reader.PurchaseAsync(signal.PurchaseId, signal.SessionId, signal.PaymentRef);
        if (purchase is null)
        {
            if (signal.Kind is PaymentSignalKind.Reversed or PaymentSignalKind.Refunded or PaymentSignalKind.Disputed)
            {
                logger.LogWarning("Reversal {EventId} for payment {PaymentRef} arrived before its purchase completed; remembered", signal.EventId, signal.PaymentRef);
                // Armed before it is parked: should the claim below never run, the sweep applies it once its invoice is booked.
                await GrainFactory.GetGrain<Contracts.Subscriptions.IRefundSweepGrain>(0).Arm();
                var outcome = await _ledger.Writer.SubmitAsync<PaymentOutcome>(new OrphanReversalCommand(signal));
                // The webhook found no invoice for this payment before it came here; one may have been booked since.
                await Subscriptions.SubscriptionSchema.EnsureAsync(database);
                if (signal.PaymentRef is { } paymentRef && await _ledger.Writer.SubmitAsync<bool>(new Subscriptions.SubscriptionOrphanClaim(paymentRef)))
                {
                    logger.LogInformation("Reversal {EventId} raced the booking of the invoice paid by {PaymentRef}; applied to it", signal.EventId, paymentRef);
                }
                return outcome;
            }
            logger.LogWarning("Payment event {EventId} ({EventType}) matches no purchase", signal.EventId, signal.EventType);
            return PaymentOutcome.UnknownPurchase;
        }
        return await GrainFactory.GetGrain<IWalletGrain>(purchase.UserId).ApplyPayment(signal with { PurchaseId = purchase.PurchaseId });
    }

    public async Task<string?> FindPurchaseOwner(string purchaseId) => (await _ledger.Reader.PurchaseAsync(purchaseId, null, null))?.UserId;

    public async Task<LedgerAudit> Verify()
    {
        await PaymentsSchema.EnsureAsync(database);
        await Subscriptions.SubscriptionSchema.EnsureAsync(database);
        return await LedgerVerifier.VerifyAsync(_ledger.Reader);
    }
}
