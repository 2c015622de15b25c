using Stagecast.Contracts.Videos;

namespace Stagecast.Gateway.Feed;

/// <summary>
/// One feed item. kind "video": videoId, caption, hashtags, hlsUrl, thumbnailUrl, durationMs, stats; kind "live":
/// roomId, title, viewers, hlsUrl. A video also says videoKind (upload or replay) and visibility (public or
/// subscribers: listed, but its HLS plays for the creator's subscribers only). Both: creatorId, creatorDisplayName and reason (why it was chosen).
/// </summary>
public sealed record FeedItem(
    string Kind,
    string Reason,
    string CreatorId,
    string CreatorDisplayName,
    string HlsUrl,
    string? VideoId = null,
    string? Caption = null,
    IReadOnlyList<string>? Hashtags = null,
    string? ThumbnailUrl = null,
    long? DurationMs = null,
    VideoStats? Stats = null,
    string? RoomId = null,
    string? Title = null,
    int? Viewers = null,
    string? VideoKind = null,
    string? Visibility = null);
