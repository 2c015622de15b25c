namespace Stagecast.Grains.Ledger;

/// <summary>
/// Account names and currencies. Amounts are signed; an account's balance is the sum of its entries and the
/// entries of one transaction sum to zero per currency. Source accounts (issuance, sales) are negative by nature;
/// receivables and the loss account may be negative; every other account must never be.
/// </summary>
public static class LedgerAccounts
{
    public const string Coin = "COIN";
    public const string Diamond = "DIAMOND";
    public const string Usd = "USD";

    public const string CoinIssuance = "platform:coin_issuance";
    public const string CoinsGifted = "platform:coins_gifted";
    public const string DiamondIssuance = "platform:diamond_issuance";
    public const string Commission = "platform:commission";
    public const string DiamondsReversed = "platform:diamonds_reversed";
    public const string ChargebackLoss = "platform:chargeback_loss";
    public const string DiamondsCashedOut = "platform:diamonds_cashed_out";
    public const string CashClearing = "platform:cash_clearing";
    public const string CoinSales = "platform:coin_sales";
    public const string CreatorPayouts = "platform:creator_payouts";

    /// <summary>Revenue from paid subscription invoices, net of refunds and disputes (credit-normal, like coin sales).</summary>
    public const string SubscriptionSales = "platform:subscription_sales";

    /// <summary>Stripe's dispute fees (an expense, in cash), net of fees returned when a dispute is won.</summary>
    public const string DisputeFees = "platform:dispute_fees";

    public static string Coins(string userId) => $"user:{userId}:coins";

    /// <summary>Coins the user owes after a reversal of coins already spent (zero or negative).</summary>
    public static string CoinReceivable(string userId) => $"user:{userId}:coin_receivable";

    public static string PendingDiamonds(string userId) => $"user:{userId}:diamonds_pending";

    public static string AvailableDiamonds(string userId) => $"user:{userId}:diamonds_available";

    public static string ReservedDiamonds(string userId) => $"user:{userId}:diamonds_reserved";

    public static string[] OfUser(string userId) =>
        [Coins(userId), CoinReceivable(userId), PendingDiamonds(userId), AvailableDiamonds(userId), ReservedDiamonds(userId)];

    /// <summary>
    /// Accounts allowed below zero: sources, receivables, the loss account, and the platform's cash (Stripe takes
    /// refunds, disputed amounts and dispute fees from the platform balance even when it is short, and debits the bank).
    /// </summary>
    public static bool MayBeNegative(string account) =>
        account is CoinIssuance or DiamondIssuance or CoinSales or SubscriptionSales or ChargebackLoss or CashClearing || account.EndsWith(":coin_receivable", StringComparison.Ordinal);
}
