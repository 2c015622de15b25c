using Stagecast.Contracts.Moderation;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Videos;

namespace Stagecast.Gateway.Moderation;

/// <summary>What an operator can do to an account or to content; each action is written to the audit log first.</summary>
public sealed class ModerationActions(IGrainFactory grains, TimeProvider clock, ILogger<ModerationActions> logger)
{
    private IModerationAuditGrain Audit => grains.GetGrain<IModerationAuditGrain>(ModerationKeys.Platform);

    /// <summary>Suspends for <paramref name="hours"/>, or bans when null: sessions revoked, live rooms ended.</summary>
    public async Task<AccountStanding> RestrictAsync(string operatorId, string userId, double? hours, string reason, string? reportId = null)
    {
        var until = hours is { } h ? clock.GetUtcNow().AddHours(h) : (DateTimeOffset?)null;
        await Audit.Append(new AuditEntry(clock.GetUtcNow(), operatorId, until is null ? "ban" : "suspend", "user", userId,
            until is null ? reason : $"{reason} (until {until:u})", reportId));
        logger.LogInformation("Operator {OperatorId} restricts {UserId} until {Until}", operatorId, userId, until);
        return await grains.GetGrain<IAccountStandingGrain>(userId).Restrict(until, reason);
    }

    /// <summary>Mutes platform-wide for <paramref name="hours"/>: no comments in lives or on videos; sessions, watching and gifts stay.</summary>
    public async Task<AccountStanding> MuteAsync(string operatorId, string userId, double hours, string reason, string? reportId = null)
    {
        var until = clock.GetUtcNow().AddHours(hours);
        await Audit.Append(new AuditEntry(clock.GetUtcNow(), operatorId, "mute", "user", userId, $"{reason} (until {until:u})", reportId));
        logger.LogInformation("Operator {OperatorId} mutes {UserId} until {Until}", operatorId, userId, until);
        return await grains.GetGrain<IAccountStandingGrain>(userId).Mute(until, reason);
    }

    public async Task UnmuteAsync(string operatorId, string userId, string reason)
    {
        await Audit.Append(new AuditEntry(clock.GetUtcNow(), operatorId, "unmute", "user", userId, reason));
        await grains.GetGrain<IAccountStandingGrain>(userId).Unmute();
    }

    public async Task RestoreAsync(string operatorId, string userId, string reason)
    {
        await Audit.Append(new AuditEntry(clock.GetUtcNow(), operatorId, "restore", "user", userId, reason));
        await grains.GetGrain<IAccountStandingGrain>(userId).Restore();
    }

    public async Task SetOperatorAsync(string operatorId, string userId, bool isOperator)
    {
        await Audit.Append(new AuditEntry(clock.GetUtcNow(), operatorId, isOperator ? "grant_operator" : "revoke_operator", "user", userId, ""));
        await grains.GetGrain<IOperatorRosterGrain>(ModerationKeys.Platform).Set(userId, isOperator);
    }

    /// <summary>Removes the reported content: the comment, the video, or (a room) ends it; false when there is none to remove.</summary>
    public async Task<bool> DeleteContentAsync(string operatorId, PlatformReport report, string reason)
    {
        if (report.TargetType is ReportTargetType.User || report.TargetUserId is not { } owner)
        {
            return false;
        }
        await Audit.Append(new AuditEntry(clock.GetUtcNow(), operatorId, "delete_content", ReportPayload.Word(report.TargetType),
            report.TargetId, reason, report.ReportId));
        // Room and video grains let the host or owner remove their own content: the platform acts in their name.
        switch (report.TargetType)
        {
            case ReportTargetType.Comment when ReportTargets.TryParseComment(report.TargetId, out var roomId, out var commentId):
                var room = grains.GetGrain<ILiveRoomGrain>(roomId);
                if (await room.GetInfo() is { } info)
                {
                    await room.DeleteComment(info.HostId, commentId);
                }
                break;
            case ReportTargetType.VideoComment when ReportTargets.TryParseComment(report.TargetId, out var videoId, out var videoCommentId):
                var video = grains.GetGrain<IVideoGrain>(videoId);
                if (await video.Get() is { } info2)
                {
                    await video.DeleteComment(info2.Card.OwnerId, videoCommentId);
                }
                break;
            case ReportTargetType.Room:
                await grains.GetGrain<ILiveRoomGrain>(report.TargetId).TakeDown();
                break;
            case ReportTargetType.Video:
                await grains.GetGrain<IVideoGrain>(report.TargetId).Delete(owner);
                break;
        }
        return true;
    }

    public async Task<PlatformReport?> CloseAsync(string operatorId, string reportId, ReportStatus status, string resolution)
    {
        var closed = await grains.GetGrain<IReportQueueGrain>(ModerationKeys.Platform).Resolve(reportId, status, operatorId, resolution);
        if (closed is not null && status == ReportStatus.Dismissed)
        {
            await Audit.Append(new AuditEntry(clock.GetUtcNow(), operatorId, "dismiss", ReportPayload.Word(closed.TargetType), closed.TargetId,
                resolution, reportId));
        }
        return closed;
    }
}
