namespace Stagecast.Wallet.Tests.Workload;

/// <summary>
/// The workload's own account of the money, kept only from what the clients were told (receipts and outcomes) and
/// the documented rules, never read from the ledger: per buyer the net coins (credited − taken back − spent), per
/// purchase the refunded and disputed cents, and the platform's coin sales.
/// </summary>
public sealed class MoneyModel
{
    public sealed class Purchase(string id, long coins, long price)
    {
        public string Id { get; } = id;

        public long Coins { get; } = coins;

        public long Price { get; } = price;

        public long Refunded { get; set; }

        public long Disputed { get; set; }

        public bool HasDispute { get; set; }

        /// <summary>Cents taken back: min(price, refunded + disputed).</summary>
        public long TakenCents => Math.Min(Price, Refunded + Disputed);

        /// <summary>Coins taken back: ⌈coins × taken / price⌉ (the platform's favour).</summary>
        public long TakenCoins => (Coins * TakenCents + Price - 1) / Price;
    }

    public sealed class Buyer(string id)
    {
        public string Id { get; } = id;

        public List<Purchase> Purchases { get; } = [];

        public long Spent { get; set; }

        /// <summary>What happened to this buyer, for a failure's message.</summary>
        public List<string> Log { get; } = [];

        public string History => string.Join("\n", Log.TakeLast(12));

        public long Gifts { get; set; }

        /// <summary>What the wallet must show: coins credited, minus taken back, minus spent (negative while a receivable is open).</summary>
        public long Net => Purchases.Sum(p => p.Coins - p.TakenCoins) - Spent;
    }

    public static long CoinSalesCents(IEnumerable<Buyer> buyers) => buyers.SelectMany(b => b.Purchases).Sum(p => p.Price - p.TakenCents);

    public static long MintedCoins(IEnumerable<Buyer> buyers) => buyers.SelectMany(b => b.Purchases).Sum(p => p.Coins - p.TakenCoins);
}
