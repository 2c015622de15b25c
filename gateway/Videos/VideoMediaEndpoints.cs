using System.Security.Claims;
using Stagecast.Contracts.Subscriptions;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Media.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// GET /media/videos/{videoId}/{path}: a video's HLS tree and thumbnail from storage (never its source). The HLS of a
/// subscribers-only video plays for its owner and the creator's entitled subscribers (bearer token); others get 403.
/// </summary>
public static class VideoMediaEndpoints
{
    public static IEndpointRouteBuilder MapVideoMediaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/videos/{videoId}/{**path}", Get).WithTags("Videos").AllowAnonymous()
            .WithSummary("A processed video's HLS playlists, segments and thumbnail.")
            .Produces(200, contentType: "application/vnd.apple.mpegurl").ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> Get(string videoId, string path, HttpContext http, IVideoStorage storage, IGrainFactory grains, CancellationToken ct)
    {
        if (!VideoErrors.IsVideoId(videoId) || !VideoKeys.IsPublic(path))
        {
            return Problem.NotFound("video_file_not_found", "No such video file.");
        }
        http.Response.Headers.AccessControlAllowOrigin = "*";
        var card = path.StartsWith("hls/", StringComparison.Ordinal) ? (await grains.GetGrain<IVideoGrain>(videoId).Get())?.Card : null;
        var restricted = card?.Visibility == VideoVisibility.Subscribers;
        if (restricted && !await MayPlayAsync(grains, card!.OwnerId, http.User))
        {
            return Problem.Forbidden("subscribers_only", "This video plays for the creator's subscribers only.");
        }
        if (await storage.OpenReadAsync(VideoKeys.Prefix(videoId) + path, ct) is not { } stream)
        {
            return Problem.NotFound("video_file_not_found", "No such video file.");
        }
        // Finished renditions never change; a deleted video's files are gone, so caches may keep them a day. A
        // subscribers-only video's files are private: a shared cache must not hand them to anybody else.
        http.Response.Headers.CacheControl = restricted ? "private, max-age=3600" : "public, max-age=86400";
        var type = Path.GetExtension(path) switch
        {
            ".m3u8" => "application/vnd.apple.mpegurl",
            ".ts" => "video/mp2t",
            _ => "image/jpeg",
        };
        return Results.Stream(stream, type, enableRangeProcessing: true);
    }

    private static async Task<bool> MayPlayAsync(IGrainFactory grains, string ownerId, ClaimsPrincipal user) =>
        user.UserId() is { } viewer
        && (viewer == ownerId || (await grains.GetGrain<ISubscriptionsGrain>(0).EntitledAmong(ownerId, [viewer])).Contains(viewer));
}
