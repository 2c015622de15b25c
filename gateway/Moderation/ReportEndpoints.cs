using System.Security.Claims;
using Stagecast.Contracts.Moderation;
using Stagecast.Contracts.Text;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Moderation;

/// <summary>POST /api/reports: anyone signed in reports a user, a comment, a room or a video.</summary>
public static class ReportEndpoints
{
    public const string RateLimitPolicy = "reports";

    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/reports", File).WithTags("Reports").RequireAuthorization().RequireRateLimiting(RateLimitPolicy)
            .WithSummary("Reports a user, comment (\"{roomId}:{commentId}\"), room, video or video_comment (\"{videoId}:{commentId}\"); a repeat by the same reporter returns the open report (200).")
            .Produces<ReportCreated>(StatusCodes.Status201Created).Produces<ReportCreated>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(429);
        return app;
    }

    private static async Task<IResult> File(ReportRequest request, ClaimsPrincipal user, ReportTargets targets, IGrainFactory grains)
    {
        if (!ReportTargets.TryParseType(request.TargetType, out var type))
        {
            return Problem.BadRequest("invalid_target_type", "targetType must be one of user, comment, room, video, video_comment.");
        }
        if (string.IsNullOrWhiteSpace(request.TargetId) || request.TargetId.Length > 200)
        {
            return Problem.BadRequest("invalid_target", "targetId is required (at most 200 characters).");
        }
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > MaxReasonLength)
        {
            return Problem.BadRequest("invalid_reason", $"A reason of 1 to {MaxReasonLength} characters is required.");
        }
        if (TextHygiene.Problem(reason, allowNewlines: true) is { } hygiene)
        {
            return Problem.BadRequest("invalid_reason", "The reason " + hygiene + ".");
        }
        if (await targets.FindAsync(type, request.TargetId) is not { } target)
        {
            return Problem.NotFound("unknown_target", "There is nothing to report under this targetType and targetId.");
        }
        var filed = await grains.GetGrain<IReportQueueGrain>(ModerationKeys.Platform)
            .File(new ReportFiling(user.UserId()!, type, request.TargetId, target.UserId, reason, target.Context));
        var body = new ReportCreated(filed.ReportId, filed.Duplicate);
        return filed.Duplicate ? Results.Ok(body) : Results.Created($"/api/operator/reports/{filed.ReportId}", body);
    }
}
