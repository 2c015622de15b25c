namespace Stagecast.Contracts.Matches;

/// <summary>Where a LIVE Match is in its life: invited, then running or declined (also when the invitation expired), then ended.</summary>
public enum MatchStatus
{
    None = 0,
    Invited = 1,
    Running = 2,
    Ended = 3,
    Declined = 4,
}
