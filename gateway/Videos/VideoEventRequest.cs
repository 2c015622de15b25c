namespace Stagecast.Gateway.Videos;

/// <summary>POST /api/videos/{videoId}/events: type impression|view|watch|like|share|skip; eventId makes retries count once.</summary>
public sealed record VideoEventRequest(string? Type, long? WatchedMs, string? EventId);
