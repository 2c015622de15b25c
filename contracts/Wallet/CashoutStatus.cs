namespace Stagecast.Contracts.Wallet;

/// <summary>A cash-out's state: reserved, then paid or failed (retrying while the transfer's outcome is unknown); or refused at once.</summary>
public enum CashoutStatus
{
    Reserved,
    Paid,
    Failed,
    BelowMinimum,
    InsufficientDiamonds,
    NotOnboarded,
    Unknown,
    /// <summary>The transfer's outcome was unknown (timeout, 5xx): it is retried with the same idempotency key.</summary>
    Retrying,
    /// <summary>Paid, then the transfer was reversed: the diamonds are available again.</summary>
    Reversed,
}
