using Microsoft.Extensions.Configuration;

namespace Stagecast.Contracts.Wallet;

/// <summary>The "Stagecast:Economy" section: catalog, packs, commission, hold window, cash-out. All money is integral.</summary>
public sealed class EconomyOptions
{
    public const string Section = "Stagecast:Economy";

    public List<GiftDefinition> Gifts { get; set; } = [];

    public List<CoinPackDefinition> Packs { get; set; } = [];

    /// <summary>Percent (0..100) of a gift's coins the creator receives as diamonds; the floor goes to the creator, the rest to the platform.</summary>
    public int CreatorSharePercent { get; set; } = 50;

    /// <summary>How long new diamonds stay pending (clawback window) before they can be cashed out.</summary>
    public TimeSpan HoldWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Cash value of diamonds: <see cref="DiamondValueCents"/> cents per <see cref="DiamondValuePer"/> diamonds (floored per cash-out).</summary>
    public long DiamondValueCents { get; set; } = 1;

    public long DiamondValuePer { get; set; } = 2;

    /// <summary>Smallest cash-out, in diamonds.</summary>
    public long MinimumCashoutDiamonds { get; set; } = 1000;

    /// <summary>Largest gift count per request.</summary>
    public int MaxGiftCount { get; set; } = 99;

    /// <summary>Operator token for GET /api/admin/ledger/verify (header X-Operator-Token); unset disables the endpoint.</summary>
    public string? OperatorToken { get; set; }

    /// <summary>Most ledger transactions one database commit carries (group commit).</summary>
    public int MaxBatch { get; set; } = 1024;

    /// <summary>
    /// Ledger writer shards on PostgreSQL: batches in flight at once, each on its own connection, commands assigned by
    /// account holder (unset: <see cref="DefaultLedgerWriters"/>). SQLite has one writer whatever this says (one write lock).
    /// </summary>
    public int? LedgerWriters { get; set; }

    public const int DefaultLedgerWriters = 4;

    /// <summary>
    /// PostgreSQL: each writer shard collects and runs its next batch (on a second connection) while the previous
    /// batch's commit is in flight, at most two at once; a command whose account holder is in the batch in flight waits
    /// for the next one. SQLite never pipelines (one write lock). Off by default: on the 2-core box it did not raise
    /// throughput (the commit is about 6 % of the writer's time there; docs/BENCHMARKS.md).
    /// </summary>
    public bool LedgerPipeline { get; set; }

    public GiftDefinition? FindGift(string? id) => id is null ? null : Gifts.FirstOrDefault(g => g.Id == id);

    public CoinPackDefinition? FindPack(string? id) => id is null ? null : Packs.FirstOrDefault(p => p.Id == id);

    /// <summary>Diamonds the creator gets for <paramref name="coins"/> gifted; integer floor, the remainder is commission.</summary>
    public long CreatorDiamonds(long coins) => checked(coins * CreatorSharePercent) / 100;

    /// <summary>Cents paid out for <paramref name="diamonds"/>, floored.</summary>
    public long CashValueCents(long diamonds) => checked(diamonds * DiamondValueCents) / DiamondValuePer;

    /// <summary>Binds the section, filling in the default catalog and packs when none are configured.</summary>
    public static EconomyOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<EconomyOptions>() ?? new EconomyOptions();
        if (options.Gifts.Count == 0)
        {
            options.Gifts =
            [
                new() { Id = "rose", Name = "Rose", Coins = 1, Animation = "rose", Streakable = true },
                new() { Id = "finger-heart", Name = "Finger Heart", Coins = 5, Animation = "finger-heart", Streakable = true },
                new() { Id = "hand-hearts", Name = "Hand Hearts", Coins = 100, Animation = "hand-hearts", Streakable = false },
                new() { Id = "disco-ball", Name = "Disco Ball", Coins = 1000, Animation = "disco-ball", Streakable = false },
                new() { Id = "universe", Name = "Universe", Coins = 34999, Animation = "universe", Streakable = false },
            ];
        }
        if (options.Packs.Count == 0)
        {
            options.Packs =
            [
                new() { Id = "coins-70", Coins = 70, PriceCents = 99 },
                new() { Id = "coins-350", Coins = 350, PriceCents = 499 },
                new() { Id = "coins-700", Coins = 700, PriceCents = 999 },
                new() { Id = "coins-1400", Coins = 1400, PriceCents = 1999 },
                new() { Id = "coins-3500", Coins = 3500, PriceCents = 4999 },
                new() { Id = "coins-7000", Coins = 7000, PriceCents = 9999 },
            ];
        }
        if (options.CreatorSharePercent is < 0 or > 100 || options.DiamondValuePer <= 0 || options.DiamondValueCents < 0
            || options.Gifts.Any(g => g.Coins <= 0) || options.Packs.Any(p => p.Coins <= 0 || p.PriceCents <= 0))
        {
            throw new InvalidOperationException("Stagecast:Economy is invalid: share 0..100, positive prices and pack sizes, positive diamond value divisor.");
        }
        return options;
    }
}
