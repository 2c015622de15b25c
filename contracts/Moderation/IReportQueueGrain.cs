namespace Stagecast.Contracts.Moderation;

/// <summary>The platform's report queue (one grain, key "platform"): reports are rare, operators few.</summary>
[Alias("Stagecast.IReportQueueGrain")]
public interface IReportQueueGrain : IGrainWithStringKey
{
    /// <summary>Files a report; a reporter's second report of the same target while the first is open returns the first.</summary>
    [Alias("File")]
    Task<ReportFiled> File(ReportFiling filing);

    /// <summary>Reports with the given status (all when null), newest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<PlatformReport>> List(ReportStatus? status, int take);

    /// <summary>One report, or null.</summary>
    [Alias("Get")]
    Task<PlatformReport?> Get(string reportId);

    /// <summary>Closes a report (dismissed or actioned) with the operator's note; null when unknown.</summary>
    [Alias("Resolve")]
    Task<PlatformReport?> Resolve(string reportId, ReportStatus status, string operatorId, string resolution);

    /// <summary>
    /// After an account's deletion: reports naming <paramref name="userId"/> (reporter, target, resolver, a context line)
    /// name <paramref name="pseudonym"/>; its names in the context read "Deleted user" and its own text is removed. The count changed.
    /// </summary>
    [Alias("Pseudonymise")]
    Task<int> Pseudonymise(string userId, string pseudonym, IReadOnlyList<string> names);
}
