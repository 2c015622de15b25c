namespace Stagecast.Contracts.Wallet;

/// <summary>Routes verified payment events to the buyer's wallet and runs the ledger audit.</summary>
[Alias("Stagecast.IPaymentsGrain")]
public interface IPaymentsGrain : IGrainWithIntegerKey
{
    /// <summary>Finds the purchase an event is about and applies it to the buyer's wallet, once.</summary>
    [Alias("Apply")]
    Task<PaymentOutcome> Apply(PaymentSignal signal);

    /// <summary>The user who owns a purchase, or null.</summary>
    [Alias("FindPurchaseOwner")]
    Task<string?> FindPurchaseOwner(string purchaseId);

    /// <summary>Checks every ledger invariant over the whole ledger (it reads every row, so it may take longer than other calls).</summary>
    [Alias("Verify")]
    [ResponseTimeout("00:10:00")]
    Task<LedgerAudit> Verify();
}
