namespace Stagecast.Media.Hls;

/// <summary>A transport-neutral HLS answer: bytes, content type and cache policy, or an error.</summary>
public readonly record struct HlsResponse(HlsStatus Status, ReadOnlyMemory<byte> Body, string ContentType, string CacheControl, string? Error = null)
{
    public const string Mp4ContentType = "video/mp4";

    /// <summary>Segments, parts and init segments never change once published.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    public const string NoCache = "no-cache";

    public static HlsResponse NotFound(string error) => new(HlsStatus.NotFound, default, "", NoCache, error);

    public static HlsResponse BadRequest(string error) => new(HlsStatus.BadRequest, default, "", NoCache, error);

    public static HlsResponse Playlist(byte[] body, string cacheControl) => new(HlsStatus.Ok, body, HlsPlaylistWriter.ContentType, cacheControl);

    public static HlsResponse Media(byte[] body) => new(HlsStatus.Ok, body, Mp4ContentType, Immutable);
}
