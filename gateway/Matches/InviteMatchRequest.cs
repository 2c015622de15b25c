namespace Stagecast.Gateway.Matches;

/// <summary>Body of <c>POST /api/live/{roomId}/match</c>.</summary>
public sealed record InviteMatchRequest(string? OpponentRoomId, int? DurationSeconds);
