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

    /// <summary>After an account's deletion: entries naming <paramref name="userId"/> (operator or target) name <paramref name="pseudonym"/>; the count changed.</summary>
    [Alias("Pseudonymise")]
    Task<int> Pseudonymise(string userId, string pseudonym);
}
