namespace Stagecast.Contracts.Moderation;

/// <summary>Where a report stands in the operators' queue.</summary>
public enum ReportStatus
{
    Open,
    Dismissed,
    Actioned,
}
