namespace Stagecast.Gateway.Matches;

/// <summary>Reply to an invitation: the new match's id and status "invited".</summary>
public sealed record MatchCreatedResponse(string MatchId, string Status);
