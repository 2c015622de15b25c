using Stagecast.Contracts.Matches;

namespace Stagecast.Grains.Matches;

/// <summary>
/// A match's durable state: who plays, the window and, once over, the result and final sides. The running score is
/// not stored: it is read from the ledger's gift facts, so a restarted match grain has it again at once.
/// </summary>
[GenerateSerializer, Alias("Stagecast.MatchState")]
public sealed record MatchState
{
    [Id(0)] public MatchStatus Status { get; init; }
    /// <summary>The inviter's room first, the opponent's second.</summary>
    [Id(1)] public string[] RoomIds { get; init; } = [];
    [Id(2)] public string[] HostIds { get; init; } = [];
    [Id(3)] public int DurationSeconds { get; init; }
    [Id(4)] public DateTimeOffset InvitedAt { get; init; }
    [Id(5)] public DateTimeOffset? StartedAt { get; init; }
    [Id(6)] public DateTimeOffset? EndsAt { get; init; }
    [Id(7)] public DateTimeOffset? EndedAt { get; init; }
    [Id(8)] public MatchResult? Result { get; init; }
    [Id(9)] public MatchSide[]? FinalSides { get; init; }
    [Id(10)] public int StretchSeconds { get; init; }
    [Id(11)] public int StretchMultiplier { get; init; } = 1;
    [Id(12)] public int InviteSeconds { get; init; }
}
