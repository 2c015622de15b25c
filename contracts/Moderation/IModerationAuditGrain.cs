namespace Stagecast.Contracts.Moderation;

/// <summary>The append-only log of operator actions (one grain, key "platform").</summary>
[Alias("Stagecast.IModerationAuditGrain")]
public interface IModerationAuditGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry.</summary>
    [Alias("Append")]
    Task Append(AuditEntry entry);

    /// <summary>The latest entries, newest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<AuditEntry>> List(int take);
}
