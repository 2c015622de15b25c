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
    /// <summary>Reserved, but not sent while the creator's account is suspended or banned; it proceeds when the account is restored.</summary>
    Held,
    /// <summary>Refused at once: the account is suspended or banned.</summary>
    AccountRestricted,
}
