namespace Stagecast.Contracts.Wallet;

/// <summary>One ledger entry on one of the user's accounts (positive: the account grew).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.LedgerLine")]
public sealed record LedgerLine(
    [property: Id(0)] string TransactionId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Account,
    [property: Id(3)] string Currency,
    [property: Id(4)] long Amount,
    [property: Id(5)] DateTimeOffset At);
