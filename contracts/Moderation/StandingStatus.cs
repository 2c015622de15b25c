namespace Stagecast.Contracts.Moderation;

/// <summary>Whether an account may use the platform.</summary>
public enum StandingStatus
{
    Active,
    Suspended,
    Banned,
}
