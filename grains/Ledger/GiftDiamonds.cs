using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// The diamond side of a batch's gifts, booked as one balanced transaction per batch (<c>gift-diamonds:{id}</c>):
/// <c>diamond_issuance −ΣC</c>, each creator's pending diamonds <c>+ΣD</c>, <c>commission +Σ(C−D)</c>. Each gift's
/// own transaction keeps its coin legs (sender −C, <c>coins_gifted</c> +C) and its hold row keeps D per gift, so a gift
/// writes four rows instead of seven and a batch adds three rows plus one per creator. Balances move at once (the
/// batch's deferred deltas); only the entry rows are written at the end.
/// </summary>
public sealed class GiftDiamonds
{
    public const string Kind = "gift-diamonds";

    private readonly SortedDictionary<string, long> _creators = new(StringComparer.Ordinal);
    private long _coins;
    private long _commission;

    public int Gifts { get; private set; }

    public void Add(string creatorId, long coins, long creatorDiamonds)
    {
        var account = PendingDiamonds(creatorId);
        _creators[account] = checked(_creators.GetValueOrDefault(account) + creatorDiamonds);
        _coins = checked(_coins + coins);
        _commission = checked(_commission + coins - creatorDiamonds);
        Gifts++;
    }

    /// <summary>The balance changes of one gift, applied when it is posted.</summary>
    public static LedgerEntry[] Legs(string creatorId, long coins, long creatorDiamonds) =>
        [new(DiamondIssuance, Diamond, -coins), new(PendingDiamonds(creatorId), Diamond, creatorDiamonds), new(Commission, Diamond, coins - creatorDiamonds)];

    /// <summary>The batch's transaction entries: issuance first, creators in name order, commission last.</summary>
    public IReadOnlyList<LedgerEntry> Entries()
    {
        var entries = new List<LedgerEntry>(_creators.Count + 2) { new(DiamondIssuance, Diamond, -_coins) };
        entries.AddRange(_creators.Select(c => new LedgerEntry(c.Key, Diamond, c.Value)));
        entries.Add(new LedgerEntry(Commission, Diamond, _commission));
        return entries;
    }
}
