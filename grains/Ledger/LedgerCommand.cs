namespace Stagecast.Grains.Ledger;

/// <summary>One unit of ledger work run inside a group-commit batch; its result is handed out only after the batch committed.</summary>
public abstract class LedgerCommand
{
    /// <summary>The idempotency key whose stored result the batch prefetches, or null.</summary>
    public abstract string? Key { get; }

    /// <summary>A guarded debit the batch may apply up front, set-wise, for all its commands in one statement (null: none).</summary>
    public virtual (string Account, long Amount)? PreDebit => null;

    /// <summary>
    /// Whose accounts and rows this command reads and changes (a user, a subscription, a payment): commands with the
    /// same holder go through the same writer shard, one after another, so a read-then-write cannot race a sibling.
    /// Null: the first shard.
    /// </summary>
    public virtual string? Shard => null;

    public abstract Task<object> ExecuteAsync(LedgerBatch batch);
}
