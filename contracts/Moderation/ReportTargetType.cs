namespace Stagecast.Contracts.Moderation;

/// <summary>What a report is about.</summary>
public enum ReportTargetType
{
    User,
    Comment,
    Room,
    Video,
    /// <summary>A comment on a video: target id "{videoId}:{commentId}", "video_comment" on the wire.</summary>
    VideoComment,
}
