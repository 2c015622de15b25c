using System.Globalization;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Moderation;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Moderation;

/// <summary>Looks a report's target up: it must exist, and the operators see a snapshot of it taken at report time.</summary>
public sealed class ReportTargets(IGrainFactory grains)
{
    /// <summary>Comments shown on each side of a reported comment.</summary>
    private const int Neighbours = 3;

    public static bool TryParseType(string? text, out ReportTargetType type) =>
        Enum.TryParse(text?.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out type) && Enum.IsDefined(type) && !int.TryParse(text, out _);

    /// <summary>A comment's target id is "{roomId}:{commentId}" (or "{videoId}:{commentId}").</summary>
    public static bool TryParseComment(string targetId, out string roomId, out long commentId)
    {
        var colon = targetId.LastIndexOf(':');
        roomId = colon > 0 ? targetId[..colon] : "";
        commentId = 0;
        return colon > 0 && RoomErrors.IsRoomId(roomId)
            && long.TryParse(targetId.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out commentId);
    }

    /// <summary>The reported comment with up to <see cref="Neighbours"/> on each side, as context lines.</summary>
    private static List<ReportContextLine> Around<T>(IReadOnlyList<T> comments, int index, Func<T, ReportContextLine> line) =>
        comments.Skip(Math.Max(0, index - Neighbours)).Take(Math.Min(index, Neighbours) + 1 + Neighbours).Select(line).ToList();

    /// <summary>The target, or null when there is no such thing (or no longer, for a comment of an ended room).</summary>
    public async Task<ReportTarget?> FindAsync(ReportTargetType type, string targetId) => type switch
    {
        ReportTargetType.User => await grains.GetGrain<IUserGrain>(targetId).GetProfile() is { } p
            ? new ReportTarget(p.UserId, new ReportContext($"{p.DisplayName} (@{p.Username})", p.Bio, []))
            : null,
        ReportTargetType.Room => RoomErrors.IsRoomId(targetId) && await grains.GetGrain<ILiveRoomGrain>(targetId).GetInfo() is { } r
            ? new ReportTarget(r.HostId, new ReportContext(r.Title, $"{r.Status} room of {r.HostDisplayName}, {r.Viewers} watching", []))
            : null,
        ReportTargetType.Video => await grains.GetGrain<IVideoGrain>(targetId).Get() is { } v
            ? new ReportTarget(v.Card.OwnerId, new ReportContext(v.Card.Caption, $"Video by {v.Card.OwnerDisplayName}", []))
            : null,
        ReportTargetType.Comment => await CommentAsync(targetId),
        ReportTargetType.VideoComment => await VideoCommentAsync(targetId),
        _ => null,
    };

    private async Task<ReportTarget?> CommentAsync(string targetId)
    {
        if (!TryParseComment(targetId, out var roomId, out var commentId))
        {
            return null;
        }
        var join = await grains.GetGrain<ILiveRoomGrain>(roomId).Join(null);
        var comments = join.Comments;
        var index = comments.ToList().FindIndex(c => c.CommentId == commentId);
        if (join.Info is not { } room || index < 0)
        {
            return null;
        }
        var reported = comments[index];
        var lines = Around(comments, index, c => new ReportContextLine(c.UserId, c.DisplayName, c.Text, c.CommentId == commentId));
        return new ReportTarget(reported.UserId, new ReportContext($"Comment by {reported.DisplayName} in \"{room.Title}\"", reported.Text, lines));
    }

    private async Task<ReportTarget?> VideoCommentAsync(string targetId)
    {
        if (!TryParseComment(targetId, out var videoId, out var commentId) || await grains.GetGrain<IVideoGrain>(videoId).Get() is not { } video)
        {
            return null;
        }
        var comments = await grains.GetGrain<IVideoGrain>(videoId).GetComments();
        var index = comments.ToList().FindIndex(c => c.CommentId == commentId);
        if (index < 0)
        {
            return null;
        }
        var reported = comments[index];
        var lines = Around(comments, index, c => new ReportContextLine(c.UserId, c.DisplayName, c.Text, c.CommentId == commentId));
        return new ReportTarget(reported.UserId,
            new ReportContext($"Comment by {reported.DisplayName} on the video \"{video.Card.Caption}\"", reported.Text, lines));
    }
}
