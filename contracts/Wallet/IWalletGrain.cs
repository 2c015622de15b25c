namespace Stagecast.Contracts.Wallet;

/// <summary>One user's wallet, keyed by user id: the single place that moves this user's coins and diamonds.</summary>
[Alias("Stagecast.IWalletGrain")]
public interface IWalletGrain : IGrainWithStringKey
{
    /// <summary>Balances (coins, pending/available/reserved diamonds), releasing matured holds first.</summary>
    [Alias("GetSummary")]
    Task<WalletSummary> GetSummary();

    /// <summary>Pays for a gift exactly once per request id; a retry returns the first receipt.</summary>
    [Alias("SendGift")]
    Task<GiftReceipt> SendGift(GiftOrder order);

    /// <summary>The receipt of an earlier gift with this request id, or null.</summary>
    [Alias("FindGiftReceipt")]
    Task<GiftReceipt?> FindGiftReceipt(string requestId);

    /// <summary>Records a pending purchase of a coin pack; null when the pack is unknown.</summary>
    [Alias("StartPurchase")]
    Task<PurchaseTicket?> StartPurchase(string packId);

    /// <summary>Remembers the provider's checkout session for a pending purchase.</summary>
    [Alias("AttachCheckout")]
    Task AttachCheckout(string purchaseId, string sessionId);

    /// <summary>Applies a verified payment event (paid, reversed) to one of this user's purchases, once per event and purchase.</summary>
    [Alias("ApplyPayment")]
    Task<PaymentOutcome> ApplyPayment(PaymentSignal signal);

    /// <summary>Reserves available diamonds for a cash-out (first phase).</summary>
    [Alias("ReserveCashout")]
    Task<CashoutTicket> ReserveCashout(string cashoutId, long diamonds);

    /// <summary>Posts (transfer made) or voids (transfer failed) a reserved cash-out; idempotent.</summary>
    [Alias("SettleCashout")]
    Task<CashoutTicket> SettleCashout(string cashoutId, bool succeeded, string? transferId, string? failure);

    /// <summary>This user's cash-outs, newest first.</summary>
    [Alias("GetCashouts")]
    Task<IReadOnlyList<CashoutTicket>> GetCashouts(int limit);

    /// <summary>This user's ledger entries, newest first, before an optional cursor (unix ms).</summary>
    [Alias("GetLedger")]
    Task<IReadOnlyList<LedgerLine>> GetLedger(int limit, long? beforeMs);

    /// <summary>Gifts this user received (creator earnings), newest first.</summary>
    [Alias("GetEarnings")]
    Task<IReadOnlyList<EarningLine>> GetEarnings(int limit);

    /// <summary>The Stripe Connect account and whether payouts are enabled.</summary>
    [Alias("GetConnect")]
    Task<ConnectStatus> GetConnect();

    /// <summary>Stores the connected account id and its payouts flag (from onboarding or account.updated).</summary>
    [Alias("SetConnect")]
    Task<ConnectStatus> SetConnect(string accountId, bool payoutsEnabled);
}
