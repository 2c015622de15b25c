namespace Stagecast.Grains.Ledger;

/// <summary>One leg of a ledger transaction.</summary>
public readonly record struct LedgerEntry(string Account, string Currency, long Amount);
