namespace Stagecast.Grains.Ledger;

/// <summary>One unit of ledger work run inside a group-commit batch; its result is handed out only after the batch committed.</summary>
public abstract class LedgerCommand
{
    /// <summary>The idempotency key whose stored result the batch prefetches, or null.</summary>
    public abstract string? Key { get; }

    /// <summary>A guarded debit the batch may apply up front, set-wise, for all its commands in one statement (null: none).</summary>
    public virtual (string Account, long Amount)? PreDebit => null;

    public abstract Task<object> ExecuteAsync(LedgerBatch batch);
}
