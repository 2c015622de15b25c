namespace Stagecast.Contracts.Wallet;

/// <summary>A cash-out's state: reserved, then paid or failed; or refused at once.</summary>
public enum CashoutStatus
{
    Reserved,
    Paid,
    Failed,
    BelowMinimum,
    InsufficientDiamonds,
    NotOnboarded,
    Unknown,
}
