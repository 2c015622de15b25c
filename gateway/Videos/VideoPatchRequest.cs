namespace Stagecast.Gateway.Videos;

/// <summary>PATCH /api/videos/{videoId} and PUT /api/live/{roomId}/replay: <c>public</c> or <c>subscribers</c>.</summary>
public sealed record VideoPatchRequest(string? Visibility);
