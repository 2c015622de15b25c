using System.Security.Claims;
using System.Security.Cryptography;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Accounts;

namespace Stagecast.Gateway.Videos;

/// <summary>/api/videos: upload, status, delete, and the creator's video list.</summary>
public static class VideoEndpoints
{
    public static IEndpointRouteBuilder MapVideoEndpoints(this IEndpointRouteBuilder app)
    {
        var videos = app.MapGroup("/api/videos").WithTags("Videos");
        videos.MapPost("", Upload).RequireAuthorization()
            .WithSummary("Uploads a video (multipart: file, caption); 202 while it is processed into HLS in the background.")
            .Produces<UploadAccepted>(202).ProducesProblem(400).ProducesProblem(401).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422);
        videos.MapGet("/{videoId}", Get).WithSummary("A video: status, processing percent, HLS and thumbnail URLs, counters.")
            .Produces<VideoResponse>().ProducesProblem(404);
        videos.MapDelete("/{videoId}", Delete).RequireAuthorization()
            .WithSummary("The owner deletes the video: files removed, gone from feeds.").Produces(204).ProducesProblem(403).ProducesProblem(404);
        app.MapGet("/api/users/{userId}/videos", ByOwner).WithTags("Videos")
            .WithSummary("A creator's videos, newest first (the creator also sees unfinished ones).").Produces<IReadOnlyList<VideoResponse>>();
        return app;
    }

    private static async Task<IResult> Upload(HttpContext http, ClaimsPrincipal user, UploadStaging staging, VideoIntake intake, CancellationToken ct)
    {
        var videoId = NewVideoId();
        var (staged, error) = await staging.ReceiveAsync(http, videoId, ct);
        if (staged is null)
        {
            return error!;
        }
        try
        {
            var (accepted, refused) = await intake.AcceptAsync(user.UserId()!, videoId, staged.Path, staged.Caption, ct);
            return accepted is null ? refused! : Results.Accepted($"/api/videos/{videoId}", new UploadAccepted(videoId, "uploaded"));
        }
        finally
        {
            File.Delete(staged.Path);
        }
    }

    private static async Task<IResult> Get(string videoId, HttpContext http, IGrainFactory grains) =>
        VideoErrors.IsVideoId(videoId) && await grains.GetGrain<IVideoGrain>(videoId).Get() is { } info
            ? Results.Ok(VideoUrls.Response(http, info))
            : VideoErrors.Http(VideoResult.UnknownVideo);

    private static async Task<IResult> Delete(string videoId, ClaimsPrincipal user, IGrainFactory grains) =>
        VideoErrors.IsVideoId(videoId)
            ? VideoErrors.Http(await grains.GetGrain<IVideoGrain>(videoId).Delete(user.UserId()!))
            : VideoErrors.Http(VideoResult.UnknownVideo);

    private static async Task<IResult> ByOwner(string userId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var cards = await grains.GetGrain<IVideoCatalogGrain>("all").ByOwner(userId, includeUnfinished: user.UserId() == userId);
        var origin = VideoUrls.Origin(http);
        return Results.Ok(cards.Select(c => VideoUrls.Response(origin, c, c.Status == VideoStatus.Ready ? 100 : 0, null, [])).ToList());
    }

    public static string NewVideoId() =>
        "v" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', '-').Replace('/', '_');
}
