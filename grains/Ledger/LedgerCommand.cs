namespace Stagecast.Grains.Ledger;

/// <summary>One unit of ledger work run inside a group-commit batch; its result is handed out only after the batch committed.</summary>
public abstract class LedgerCommand
{
    /// <summary>The idempotency key whose stored result the batch prefetches, or null.</summary>
    public abstract string? Key { get; }

    public abstract Task<object> ExecuteAsync(LedgerBatch batch);
}
