namespace Stagecast.Contracts.Moderation;

/// <summary>What a report is about.</summary>
public enum ReportTargetType
{
    User,
    Comment,
    Room,
    Video,
}
