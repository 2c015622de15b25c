using System.Security.Claims;
using System.Security.Cryptography;
using Stagecast.Contracts.Videos;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Videos;

/// <summary>/api/videos: upload, status, delete, and the creator's video list.</summary>
public static class VideoEndpoints
{
    public static IEndpointRouteBuilder MapVideoEndpoints(this IEndpointRouteBuilder app)
    {
        var videos = app.MapGroup("/api/videos").WithTags("Videos");
        videos.MapPost("", Upload).RequireAuthorization()
            .WithSummary("Uploads a video (multipart: file, caption); 202 while it is processed into HLS in the background.")
            .Produces<UploadAccepted>(202).ProducesProblem(400).ProducesProblem(401).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422)
            .ProducesProblem(429);
        app.MapGet("/api/me/upload-quota", Quota).WithTags("Videos").RequireAuthorization()
            .WithSummary("The caller's upload quota: uploads and declared bytes per rolling 24 hours and unfinished uploads at once, what is used of each, and when the oldest counted upload leaves the window.")
            .Produces<UploadQuotaResponse>().ProducesProblem(401);
        videos.MapGet("/{videoId}", Get).WithSummary("A video: status, processing percent, HLS and thumbnail URLs, counters.")
            .Produces<VideoResponse>().ProducesProblem(404);
        videos.MapPatch("/{videoId}", Patch).RequireAuthorization()
            .WithSummary("The owner sets the video's visibility: public, or subscribers (listed, but its HLS plays for subscribers only).")
            .Produces<VideoResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        app.MapPut("/api/live/{roomId}/replay", SetRoomReplay).WithTags("Videos").RequireAuthorization()
            .WithSummary("The host chooses who may play the room's replays (made when the room ends): public or subscribers.")
            .Produces(204).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        videos.MapDelete("/{videoId}", Delete).RequireAuthorization()
            .WithSummary("The owner deletes the video: files removed, gone from feeds.").Produces(204).ProducesProblem(403).ProducesProblem(404);
        app.MapGet("/api/users/{userId}/videos", ByOwner).WithTags("Videos")
            .WithSummary("A creator's videos, newest first (the creator also sees unfinished ones).").Produces<IReadOnlyList<VideoResponse>>();
        return app;
    }

    private static async Task<IResult> Upload(HttpContext http, ClaimsPrincipal user, UploadStaging staging, VideoIntake intake, UploadQuota quota,
        CancellationToken ct)
    {
        if (staging.Refuse(http.Request) is { } malformed)
        {
            return malformed;
        }
        var videoId = NewVideoId();
        var userId = user.UserId()!;
        // Counted before a byte is staged; the unfinished slot is held while this request runs.
        if (await quota.ReserveAsync(http.Response, userId, videoId, staging.DeclaredBytes(http.Request), resumable: false) is { } refusedByQuota)
        {
            return refusedByQuota;
        }
        try
        {
            var (staged, error) = await staging.ReceiveAsync(http, videoId, ct);
            if (staged is null)
            {
                return error!;
            }
            try
            {
                var (accepted, refused) = await intake.AcceptAsync(userId, videoId, staged.Path, staged.Caption, ct);
                return accepted is null ? refused! : Results.Accepted($"/api/videos/{videoId}", new UploadAccepted(videoId, "uploaded"));
            }
            finally
            {
                File.Delete(staged.Path);
            }
        }
        finally
        {
            await quota.ReleaseAsync(userId, videoId);
        }
    }

    private static async Task<IResult> Quota(ClaimsPrincipal user, UploadQuota quota) => Results.Ok(await quota.UsageAsync(user.UserId()!));

    private static async Task<IResult> Get(string videoId, HttpContext http, IGrainFactory grains) =>
        await grains.ReadVideoAsync(videoId, video => video.Get()) is { } info
            ? Results.Ok(VideoUrls.Response(http, info))
            : VideoErrors.Http(VideoResult.UnknownVideo);

    private static async Task<IResult> Patch(string videoId, VideoPatchRequest request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        if (!VideoVisibility.IsValid(request.Visibility))
        {
            return Problem.BadRequest("invalid_visibility", "visibility must be \"public\" or \"subscribers\".");
        }
        var result = await grains.OnVideoAsync(videoId, video => video.SetVisibility(user.UserId()!, request.Visibility!));
        return result == VideoResult.Ok && await grains.GetGrain<IVideoGrain>(videoId).Get() is { } info ? Results.Ok(VideoUrls.Response(http, info)) : VideoErrors.Http(result);
    }

    private static async Task<IResult> SetRoomReplay(string roomId, VideoPatchRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!VideoVisibility.IsValid(request.Visibility))
        {
            return Problem.BadRequest("invalid_visibility", "visibility must be \"public\" or \"subscribers\".");
        }
        if (!RoomErrors.IsRoomId(roomId) || await grains.GetGrain<ILiveRoomGrain>(roomId).GetInfo() is not { } room)
        {
            return RoomErrors.Http(RoomResult.UnknownRoom);
        }
        if (room.HostId != user.UserId())
        {
            return Problem.Forbidden("not_room_host", "Only the room's host may choose who plays its replays.");
        }
        await grains.GetGrain<IRoomReplayGrain>(roomId).SetVisibility(request.Visibility!);
        return Results.NoContent();
    }

    private static async Task<IResult> Delete(string videoId, ClaimsPrincipal user, IGrainFactory grains) =>
        VideoErrors.Http(await grains.OnVideoAsync(videoId, video => video.Delete(user.UserId()!)));

    private static async Task<IResult> ByOwner(string userId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var cards = await grains.GetGrain<IVideoCatalogGrain>(0).ByOwner(userId, includeUnfinished: user.UserId() == userId);
        var origin = VideoUrls.Origin(http);
        return Results.Ok(cards.Select(c => VideoUrls.Response(origin, c, c.Status == VideoStatus.Ready ? 100 : 0, null, [])).ToList());
    }

    public static string NewVideoId() =>
        "v" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', '-').Replace('/', '_');
}
