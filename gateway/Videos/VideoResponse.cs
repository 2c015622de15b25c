using Stagecast.Contracts.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// GET /api/videos/{videoId}: status (uploaded|processing|ready|failed), progress, URLs and counters; kind (upload|replay)
/// and visibility (public|subscribers).
/// </summary>
public sealed record VideoResponse(
    string VideoId,
    string Status,
    int Percent,
    string? FailureReason,
    string? HlsUrl,
    string? ThumbnailUrl,
    string OwnerId,
    string OwnerDisplayName,
    string Caption,
    IReadOnlyList<string> Hashtags,
    long DurationMs,
    DateTimeOffset CreatedAt,
    IReadOnlyList<int> Renditions,
    VideoStats Stats,
    string Kind,
    string Visibility);
