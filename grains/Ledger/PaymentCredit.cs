using Stagecast.Grains.Wallet;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>pending + paid: the purchase's coins are issued to the buyer once, settling what they owe first.</summary>
internal static class PaymentCredit
{
    public static async Task ApplyAsync(PaymentFact fact, PurchaseRow purchase)
    {
        // New coins first pay back what the user owes from an earlier reversal.
        var owed = -await fact.Batch.BalanceAsync(CoinReceivable(fact.UserId));
        var settle = Math.Min(purchase.Coins, Math.Max(0, owed));
        fact.Batch.Post($"purchase-paid:{purchase.PurchaseId}", "purchase", fact.UserId, purchase.Coins, purchase.PurchaseId,
        [
            new(CoinIssuance, Coin, -purchase.Coins),
            new(Coins(fact.UserId), Coin, purchase.Coins - settle),
            new(CoinReceivable(fact.UserId), Coin, settle),
            new(CashClearing, Usd, purchase.PriceCents),
            new(CoinSales, Usd, -purchase.PriceCents),
        ]);
    }
}
