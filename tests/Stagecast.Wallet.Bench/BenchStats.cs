namespace Stagecast.Wallet.Bench;

/// <summary>The server's ledger counters (and, at the end, the operator check and the ledger's count of gifts).</summary>
public sealed record BenchStats(long Batches, long Commands, double BeginMs, double WorkMs, double CommitMs, bool AuditOk, long Transactions, long Entries, string Violations,
    double ReadMs = 0, double FlushMs = 0, long GiftRows = 0);
