namespace Stagecast.Contracts.Matches;

/// <summary>The answer to asking for a random opponent: a refusal, or Ok with the running match's id, or Ok and null while waiting.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.LobbyTicket")]
public sealed record LobbyTicket(
    [property: Id(0)] MatchReply Reply,
    [property: Id(1)] string? MatchId);
