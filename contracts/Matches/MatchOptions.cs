namespace Stagecast.Contracts.Matches;

/// <summary>LIVE Match settings ("Stagecast:Match"): lengths, the invitation window and the final-stretch multiplier.</summary>
public sealed class MatchOptions
{
    public const string Section = "Stagecast:Match";

    /// <summary>Length of a match when the invitation names none (five minutes).</summary>
    public int DefaultDurationSeconds { get; set; } = 300;

    public int MinDurationSeconds { get; set; } = 5;

    public int MaxDurationSeconds { get; set; } = 3600;

    /// <summary>How long the opponent has to accept.</summary>
    public int InviteSeconds { get; set; } = 30;

    /// <summary>The closing part of the match in which gifts count <see cref="FinalStretchMultiplier"/> times.</summary>
    public int FinalStretchSeconds { get; set; } = 30;

    public int FinalStretchMultiplier { get; set; } = 1;

    /// <summary>How often a running match rereads its score and, when it moved, tells both rooms (4 per second).</summary>
    public int ScoreIntervalMs { get; set; } = 250;

    /// <summary>
    /// Gifts older than this are settled: a running match adds them to totals it keeps and rereads only the gifts since,
    /// so a tick costs the same in the first minute and the fifth. The final score is always one full read.
    /// </summary>
    public int ScoreSettleMs { get; set; } = 5000;

    /// <summary>How long a host asking for a random opponent waits on the list before the place expires (2 minutes).</summary>
    public int RandomWaitSeconds { get; set; } = 120;
}
