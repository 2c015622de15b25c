namespace Stagecast.Contracts.Wallet;

/// <summary>One cash-out's transfer, keyed by cash-out id: tried at once, then retried durably (same idempotency key) until Stripe answers definitely.</summary>
[Alias("Stagecast.ICashoutGrain")]
public interface ICashoutGrain : IGrainWithStringKey
{
    /// <summary>Reserves the creator's diamonds and pays them to their connected account: the first attempt now, retries with backoff while the outcome is unknown.</summary>
    [Alias("Start")]
    Task<CashoutTicket> Start(string userId, long diamonds);

    /// <summary>The cash-out as stored, with its attempts so far.</summary>
    [Alias("GetTicket")]
    Task<CashoutTicket> GetTicket();

    /// <summary>Looks at the creator's standing again: holds the cash-out if the account is now restricted, sends a held one now that it is not.</summary>
    [Alias("Recheck")]
    Task Recheck();

    /// <summary>Applies Stripe's transfer.reversed (the transfer's cumulative amount reversed), once per event.</summary>
    [Alias("ApplyReversal")]
    Task<CashoutTicket> ApplyReversal(string eventId, long amountReversedCents);
}
