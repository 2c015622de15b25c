namespace Stagecast.Contracts.Wallet;

/// <summary>The result of checking every ledger invariant; <paramref name="Ok"/> only if <paramref name="Violations"/> is empty.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.LedgerAudit")]
public sealed record LedgerAudit(
    [property: Id(0)] bool Ok,
    [property: Id(1)] IReadOnlyList<string> Violations,
    [property: Id(2)] IReadOnlyDictionary<string, long> CurrencySums,
    [property: Id(3)] long Transactions,
    [property: Id(4)] long Entries,
    [property: Id(5)] long MintedCoins,
    [property: Id(6)] long PaidPurchaseCoins,
    [property: Id(7)] long ReversedPurchaseCoins,
    [property: Id(8)] long NegativeWallets);
