namespace Stagecast.Contracts.Matches;

/// <summary>A match as clients see it: status, when it ends, both sides (inviter first) and, once over, the result.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.MatchView")]
public sealed record MatchView(
    [property: Id(0)] string MatchId,
    [property: Id(1)] MatchStatus Status,
    [property: Id(2)] DateTimeOffset? EndsAt,
    [property: Id(3)] IReadOnlyList<MatchSide> Sides,
    [property: Id(4)] MatchResult? Result,
    [property: Id(5)] DateTimeOffset? InviteExpiresAt);
