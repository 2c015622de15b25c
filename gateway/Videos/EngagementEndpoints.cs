using System.Security.Claims;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Feed;
using Stagecast.Gateway.Moderation;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Videos;

/// <summary>Engagement on videos: events (feed signals), likes and comments.</summary>
public static class EngagementEndpoints
{
    public const string RateLimitPolicy = "video-events";

    public static IEndpointRouteBuilder MapEngagementEndpoints(this IEndpointRouteBuilder app)
    {
        var videos = app.MapGroup("/api/videos/{videoId}").WithTags("Videos");
        videos.MapPost("/events", Event).RequireRateLimiting(RateLimitPolicy)
            .WithSummary("Records impression|view|watch|like|share|skip; watchedMs for watch; eventId makes a retry count once.")
            .Produces(204).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        videos.MapPut("/like", (string videoId, ClaimsPrincipal user, IGrainFactory grains) => Like(videoId, user, grains, true))
            .RequireAuthorization().WithSummary("The caller likes the video (idempotent).").Produces(204).ProducesProblem(404);
        videos.MapDelete("/like", (string videoId, ClaimsPrincipal user, IGrainFactory grains) => Like(videoId, user, grains, false))
            .RequireAuthorization().WithSummary("The caller takes back a like (idempotent).").Produces(204).ProducesProblem(404);
        videos.MapGet("/like", LikeOf).RequireAuthorization()
            .WithSummary("Whether the caller likes the video, and its like count: {liked, likes}.").Produces<VideoLike>().ProducesProblem(404);
        videos.MapGet("/comments", Comments).WithSummary("The last comments on the video, oldest first.").Produces<IReadOnlyList<VideoComment>>();
        videos.MapPost("/comments", Comment).RequireAuthorization().RequireRateLimiting(RateLimitPolicy)
            .WithSummary("Adds a comment (1 to 300 characters); 403 account_muted (with until) while an operator has muted the account platform-wide.")
            .Produces(204).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        videos.MapDelete("/comments/{commentId:long}", DeleteComment).RequireAuthorization()
            .WithSummary("The video's owner or the comment's author removes the comment; 403 not_video_owner for anyone else, 404 unknown_comment.")
            .Produces(204).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> Event(string videoId, VideoEventRequest request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, FeedRegions regions)
    {
        if (!Enum.TryParse<VideoSignalKind>(request.Type, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(request.Type, out _))
        {
            return Problem.BadRequest("invalid_event_type", "type must be one of impression, view, watch, like, share, skip.");
        }
        if (request.EventId is { Length: > 64 })
        {
            return Problem.BadRequest("invalid_event_id", "eventId must be at most 64 characters.");
        }
        if (!VideoErrors.IsVideoId(videoId))
        {
            return VideoErrors.Http(VideoResult.UnknownVideo);
        }
        var userId = user.UserId();
        var receipt = await grains.GetGrain<IVideoGrain>(videoId).Record(new VideoSignal(userId, kind, request.WatchedMs, request.EventId, await regions.OfAsync(http, grains)));
        if (receipt.Result == VideoResult.InvalidArgument)
        {
            return Problem.BadRequest("invalid_watch_time", "watch needs watchedMs between 0 and the video's duration.");
        }
        if (receipt is { Result: VideoResult.Ok, Card: { } card } && userId is not null)
        {
            await grains.GetGrain<IViewerFeedGrain>(userId).Observe(card, kind, request.WatchedMs);
        }
        return VideoErrors.Http(receipt.Result);
    }

    private static async Task<IResult> Like(string videoId, ClaimsPrincipal user, IGrainFactory grains, bool liked) =>
        await NotedAsync(await grains.OnVideoAsync(videoId, video => video.SetLike(user.UserId()!, liked)), videoId, user.UserId()!, grains);

    private static async Task<IResult> LikeOf(string videoId, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.ReadVideoAsync(videoId, video => video.LikeOf(user.UserId()!)) is { } like
            ? Results.Ok(like)
            : VideoErrors.Http(VideoResult.UnknownVideo);

    private static async Task<IResult> Comments(string videoId, IGrainFactory grains) =>
        Results.Ok(VideoErrors.IsVideoId(videoId) ? await grains.GetGrain<IVideoGrain>(videoId).GetComments() : []);

    private static async Task<IResult> Comment(string videoId, VideoCommentRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var userId = user.UserId()!;
        if (await StandingRefusal.MutedUntilAsync(grains, userId) is { } mutedUntil)
        {
            return StandingRefusal.Muted(mutedUntil);
        }
        var profile = await grains.GetGrain<IUserGrain>(userId).GetProfile();
        var result = await grains.OnVideoAsync(videoId, video => video.Comment(userId, profile?.DisplayName ?? userId, request.Text ?? ""));
        return await NotedAsync(result, videoId, userId, grains);
    }

    private static async Task<IResult> DeleteComment(string videoId, long commentId, ClaimsPrincipal user, IGrainFactory grains) =>
        VideoErrors.Http(await grains.OnVideoAsync(videoId, video => video.DeleteComment(user.UserId()!, commentId)));

    /// <summary>A comment or like is the user's data: the privacy grain remembers where it is, for export and deletion.</summary>
    private static async Task<IResult> NotedAsync(VideoResult result, string videoId, string userId, IGrainFactory grains)
    {
        if (result == VideoResult.Ok)
        {
            await grains.GetGrain<Stagecast.Contracts.Privacy.IAccountPrivacyGrain>(userId).NoteEngagement(videoId);
        }
        return VideoErrors.Http(result);
    }
}
