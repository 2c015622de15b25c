namespace Stagecast.Contracts.Wallet;

/// <summary>Whether an event confirms a payment or takes it back (refund, dispute).</summary>
public enum PaymentSignalKind
{
    Paid,
    Reversed,
    Failed,
}
