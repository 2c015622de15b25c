namespace Stagecast.Contracts.Wallet;

/// <summary>What a payment event changed.</summary>
public enum PaymentOutcome
{
    Credited,
    /// <summary>Coins were taken back (all, or a further part for a partial refund or a dispute).</summary>
    Reversed,
    /// <summary>A reversal that arrived before the payment: the purchase will never credit coins.</summary>
    Voided,
    /// <summary>The event (or an equivalent one for the same purchase) was applied before: nothing changed.</summary>
    NoChange,
    UnknownPurchase,
    /// <summary>Coins taken back earlier came back (a dispute won).</summary>
    Recredited,
    /// <summary>No coins moved, but money did (a dispute fee booked or returned), or a refund or dispute was noted on a purchase not paid yet.</summary>
    Recorded,
}
