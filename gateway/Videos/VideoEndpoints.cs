using System.Security.Claims;
using System.Security.Cryptography;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Media.Videos;

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

    private static async Task<IResult> Upload(HttpContext http, ClaimsPrincipal user, IGrainFactory grains, UploadStaging staging,
        VideoProbe probe, IVideoStorage storage, VideoOptions options, VideoStatusWatcher watcher, CancellationToken ct)
    {
        var userId = user.UserId()!;
        if (await grains.GetGrain<IUserGrain>(userId).GetProfile() is not { } profile)
        {
            return Problem.Unauthorized("unknown_user", "The token's user no longer exists.");
        }
        var videoId = NewVideoId();
        var (staged, error) = await staging.ReceiveAsync(http, videoId, ct);
        if (staged is null)
        {
            return error!;
        }
        try
        {
            var found = await probe.ProbeAsync(staged.Path, ct);
            if (found.Format is null)
            {
                return Problem.Of(415, "not_a_video", "Unsupported media type.", "The file is not a video ffprobe can read.");
            }
            if (!found.HasVideo)
            {
                return Problem.Of(422, "no_video_stream", "The file has no video.", "The file contains no video stream.");
            }
            if (found.Duration <= TimeSpan.Zero || found.Duration > options.MaxDuration)
            {
                return Problem.Of(422, "invalid_duration", "The video's length is not accepted.",
                    $"Videos must be longer than 0 and at most {options.MaxDuration.TotalSeconds:0} seconds.");
            }
            await storage.PutFileAsync(VideoKeys.Source(videoId), staged.Path, move: true, ct);
            var upload = new VideoUpload(userId, profile.DisplayName, staged.Caption, (long)found.Duration.TotalMilliseconds,
                found.Width, found.Height, found.HasAudio);
            if (!await grains.GetGrain<IVideoGrain>(videoId).Create(upload))
            {
                return Problem.Conflict("video_id_taken", "Could not allocate a video id; try again.");
            }
            watcher.Track(videoId, userId);
            return Results.Accepted($"/api/videos/{videoId}", new UploadAccepted(videoId, "uploaded"));
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

    private static string NewVideoId() =>
        "v" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', '-').Replace('/', '_');
}
