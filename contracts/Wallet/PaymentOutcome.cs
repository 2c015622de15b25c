namespace Stagecast.Contracts.Wallet;

/// <summary>What a payment event changed.</summary>
public enum PaymentOutcome
{
    Credited,
    Reversed,
    /// <summary>A reversal that arrived before the payment: the purchase will never credit coins.</summary>
    Voided,
    /// <summary>The event (or an equivalent one for the same purchase) was applied before: nothing changed.</summary>
    NoChange,
    UnknownPurchase,
}
