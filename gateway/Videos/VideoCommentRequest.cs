namespace Stagecast.Gateway.Videos;

/// <summary>POST /api/videos/{videoId}/comments.</summary>
public sealed record VideoCommentRequest(string? Text);
