using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Moderation;
using Stagecast.Grains.Privacy;

namespace Stagecast.Grains.Moderation;

/// <summary>The platform's report queue. Reports are rare next to comments and gifts: one grain holds them all.</summary>
public sealed class ReportQueueGrain(
    [PersistentState("reports", "store")] IPersistentState<ReportQueueState> state,
    TimeProvider clock,
    ILogger<ReportQueueGrain> logger) : Grain, IReportQueueGrain
{
    /// <summary>Closed reports kept for the operators' history; open ones are always kept.</summary>
    private const int ClosedKept = 2000;

    private ReportQueueState S => state.State;

    public async Task<ReportFiled> File(ReportFiling filing)
    {
        var open = S.Reports.FirstOrDefault(r => r.Status == ReportStatus.Open && r.ReporterId == filing.ReporterId
            && r.TargetType == filing.TargetType && r.TargetId == filing.TargetId);
        if (open is not null)
        {
            return new ReportFiled(open.ReportId, Duplicate: true);
        }
        var id = $"r{S.NextNumber}";
        var report = new PlatformReport(id, filing.ReporterId, filing.TargetType, filing.TargetId, filing.TargetUserId,
            filing.Reason, filing.Context, clock.GetUtcNow(), ReportStatus.Open);
        state.State = S with { Reports = S.Reports.Add(report), NextNumber = S.NextNumber + 1 };
        await state.WriteStateAsync();
        logger.LogInformation("Report {ReportId} on {TargetType} {TargetId}", id, filing.TargetType, filing.TargetId);
        return new ReportFiled(id, Duplicate: false);
    }

    public Task<IReadOnlyList<PlatformReport>> List(ReportStatus? status, int take) =>
        Task.FromResult<IReadOnlyList<PlatformReport>>(S.Reports.Reverse()
            .Where(r => status is null || r.Status == status).Take(Math.Clamp(take, 1, 500)).ToList());

    public Task<PlatformReport?> Get(string reportId) => Task.FromResult(S.Reports.FirstOrDefault(r => r.ReportId == reportId));

    public async Task<PlatformReport?> Resolve(string reportId, ReportStatus status, string operatorId, string resolution)
    {
        var index = S.Reports.FindIndex(r => r.ReportId == reportId);
        if (index < 0)
        {
            return null;
        }
        var resolved = S.Reports[index] with { Status = status, Resolution = resolution, ResolvedBy = operatorId, ResolvedAt = clock.GetUtcNow() };
        var reports = S.Reports.SetItem(index, resolved);
        var closed = reports.Count(r => r.Status != ReportStatus.Open);
        if (closed > ClosedKept)
        {
            var drop = reports.Where(r => r.Status != ReportStatus.Open).Take(closed - ClosedKept).ToHashSet();
            reports = reports.RemoveAll(drop.Contains);
        }
        state.State = S with { Reports = reports };
        await state.WriteStateAsync();
        return resolved;
    }

    public async Task<int> Pseudonymise(string userId, string pseudonym, IReadOnlyList<string> names)
    {
        var changed = S.Reports.Count(r => Pseudonyms.Names(r, userId));
        if (changed > 0)
        {
            state.State = S with { Reports = S.Reports.Select(r => Pseudonyms.Names(r, userId) ? Pseudonyms.Rewrite(r, userId, pseudonym, names) : r).ToImmutableList() };
            await state.WriteStateAsync();
        }
        return changed;
    }
}
