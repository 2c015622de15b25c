using Stagecast.Contracts.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>Public URLs of a video's files (served by <see cref="VideoMediaEndpoints"/>) and the response shape.</summary>
public static class VideoUrls
{
    public static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    public static string Hls(string origin, string videoId) => $"{origin}/media/videos/{videoId}/hls/index.m3u8";

    public static string Thumbnail(string origin, string videoId) => $"{origin}/media/videos/{videoId}/thumb.jpg";

    public static string StatusName(VideoStatus status) => status.ToString().ToLowerInvariant();

    public static VideoResponse Response(HttpContext http, VideoInfo info) => Response(Origin(http), info.Card, info.Percent, info.FailureReason, info.RenditionHeights);

    public static VideoResponse Response(string origin, VideoCard c, int percent, string? failure, IReadOnlyList<int> renditions)
    {
        var ready = c.Status == VideoStatus.Ready;
        return new VideoResponse(c.VideoId, StatusName(c.Status), percent, failure, ready ? Hls(origin, c.VideoId) : null,
            ready ? Thumbnail(origin, c.VideoId) : null, c.OwnerId, c.OwnerDisplayName, c.Caption, c.Hashtags, c.DurationMs,
            c.CreatedAt, renditions, c.Stats, c.Kind, c.Visibility);
    }
}
