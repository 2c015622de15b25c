using Stagecast.Gateway.Problems;
using Stagecast.Media.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>GET /media/videos/{videoId}/{path}: a video's HLS tree and thumbnail from storage (never its source).</summary>
public static class VideoMediaEndpoints
{
    public static IEndpointRouteBuilder MapVideoMediaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/videos/{videoId}/{**path}", Get).WithTags("Videos").AllowAnonymous()
            .WithSummary("A processed video's HLS playlists, segments and thumbnail.")
            .Produces(200, contentType: "application/vnd.apple.mpegurl").ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> Get(string videoId, string path, HttpContext http, IVideoStorage storage, CancellationToken ct)
    {
        if (!VideoErrors.IsVideoId(videoId) || !VideoKeys.IsPublic(path)
            || await storage.OpenReadAsync(VideoKeys.Prefix(videoId) + path, ct) is not { } stream)
        {
            return Problem.NotFound("video_file_not_found", "No such video file.");
        }
        http.Response.Headers.AccessControlAllowOrigin = "*";
        // Finished renditions never change; a deleted video's files are gone, so caches may keep them a day.
        http.Response.Headers.CacheControl = "public, max-age=86400";
        var type = Path.GetExtension(path) switch
        {
            ".m3u8" => "application/vnd.apple.mpegurl",
            ".ts" => "video/mp2t",
            _ => "image/jpeg",
        };
        return Results.Stream(stream, type, enableRangeProcessing: true);
    }
}
