namespace Stagecast.Media.Videos;

/// <summary>Storage keys of a video's files: the source upload, its HLS tree and its thumbnail.</summary>
public static class VideoKeys
{
    public static string Prefix(string videoId) => $"videos/{videoId}/";

    public static string Source(string videoId) => $"videos/{videoId}/source";

    /// <summary>Where a resumable upload's chunks are stored until it completes, is terminated or expires.</summary>
    public static string TusPrefix(string uploadId) => $"uploads/tus/{uploadId}/";

    public const string HlsIndex = "hls/index.m3u8";

    public const string Thumbnail = "thumb.jpg";

    /// <summary>Whether a path below a video may be served publicly (its HLS tree and thumbnail, never the source).</summary>
    public static bool IsPublic(string path) =>
        !path.Contains("..", StringComparison.Ordinal) && !path.Contains('\\')
        && (path == Thumbnail || (path.StartsWith("hls/", StringComparison.Ordinal)
            && (path.EndsWith(".m3u8", StringComparison.Ordinal) || path.EndsWith(".ts", StringComparison.Ordinal))));
}
