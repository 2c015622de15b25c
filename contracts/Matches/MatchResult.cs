namespace Stagecast.Contracts.Matches;

/// <summary>How a match ended: the winning room (null for a draw) and why it ended ("time", "roomEnded", "expired", "declined").</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.MatchResult")]
public sealed record MatchResult(
    [property: Id(0)] string? WinnerRoomId,
    [property: Id(1)] string Reason);
