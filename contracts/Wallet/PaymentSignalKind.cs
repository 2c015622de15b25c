namespace Stagecast.Contracts.Wallet;

/// <summary>Whether an event confirms a payment or takes it back (refund, dispute).</summary>
public enum PaymentSignalKind
{
    Paid,
    /// <summary>The whole payment is taken back (no amount known).</summary>
    Reversed,
    Failed,
    /// <summary>A refund: the charge's cumulative amount refunded, or one refund by id.</summary>
    Refunded,
    /// <summary>A dispute's current state: amount, status and balance transactions.</summary>
    Disputed,
}
