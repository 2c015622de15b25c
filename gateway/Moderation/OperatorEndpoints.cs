using System.Security.Claims;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Moderation;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Moderation;

/// <summary>The operators' moderation queue: reports, platform-wide mutes, account suspensions and bans, the audit log, the operator role.</summary>
public static class OperatorEndpoints
{
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/operator/me", async (ClaimsPrincipal user, OperatorAccess access) => Results.Ok(new OperatorStatus(await access.IsOperatorAsync(user))))
            .WithTags("Operators").RequireAuthorization().WithSummary("Whether the caller is an operator.").Produces<OperatorStatus>();
        var ops = app.MapGroup("/api/operator").WithTags("Operators").RequireAuthorization().AddEndpointFilter(RequireOperator);
        ops.MapGet("/reports", List).WithSummary("Reports, newest first; status open (default), dismissed, actioned or all.")
            .Produces<IReadOnlyList<ReportPayload>>().ProducesProblem(400).ProducesProblem(403);
        ops.MapGet("/reports/{reportId}", Get).WithSummary("One report with its context.").Produces<ReportPayload>().ProducesProblem(403).ProducesProblem(404);
        ops.MapPost("/reports/{reportId}/resolve", Resolve)
            .WithSummary("Acts on a report: dismiss, delete_content, mute (hours) platform-wide, suspend (hours) or ban the account responsible; written to the audit log.")
            .Produces<ReportPayload>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        ops.MapGet("/audit", async (IGrainFactory grains, int? take) =>
                Results.Ok(await grains.GetGrain<IModerationAuditGrain>(ModerationKeys.Platform).List(take ?? 100)))
            .WithSummary("The latest operator actions, newest first: who, when, what and why.")
            .WithDescription("action: mute, unmute, suspend, ban, restore, dismiss, delete_content, grant_operator, revoke_operator, or suspension_ended " +
                "(operatorId \"system\": a suspension ran out). A deleted account's id reads as its ledger tombstone deleted-….").Produces<IReadOnlyList<AuditEntry>>().ProducesProblem(403);
        ops.MapGet("/users/{userId}/standing", async (string userId, IGrainFactory grains) =>
                Results.Ok(StandingPayload.From(userId, await grains.GetGrain<IAccountStandingGrain>(userId).Get())))
            .WithSummary("An account's standing: active, suspended (until) or banned, and mutedUntil while muted platform-wide.").Produces<StandingPayload>().ProducesProblem(403);
        ops.MapPost("/users/{userId}/mute", Mute)
            .WithSummary("Mutes an account platform-wide for {hours}: its comments are refused in every live and on every video (account_muted); sessions, watching, likes and gifts stay.")
            .Produces<StandingPayload>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        ops.MapDelete("/users/{userId}/mute", async (string userId, ClaimsPrincipal user, ModerationActions actions) =>
            {
                await actions.UnmuteAsync(user.UserId()!, userId, "lifted");
                return Results.NoContent();
            })
            .WithSummary("Lifts a platform-wide mute: the account comments again at once.").Produces(204).ProducesProblem(403);
        ops.MapPost("/users/{userId}/suspension", (string userId, RestrictRequest body, ClaimsPrincipal user, IGrainFactory grains, ModerationActions actions) =>
                Restrict(userId, body, suspend: true, user, grains, actions))
            .WithSummary("Suspends an account for {hours}: sessions revoked, hub connections closed, live rooms ended (publishers cut off), pending cash-outs held, login refused.")
            .Produces<StandingPayload>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        ops.MapPost("/users/{userId}/ban", (string userId, RestrictRequest body, ClaimsPrincipal user, IGrainFactory grains, ModerationActions actions) =>
                Restrict(userId, body, suspend: false, user, grains, actions))
            .WithSummary("Bans an account until an operator lifts it: as a suspension without an end.")
            .Produces<StandingPayload>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        ops.MapDelete("/users/{userId}/restriction", async (string userId, ClaimsPrincipal user, ModerationActions actions) =>
            {
                await actions.RestoreAsync(user.UserId()!, userId, "lifted");
                return Results.NoContent();
            })
            .WithSummary("Lifts a suspension or ban; the user signs in again and held cash-outs proceed.").Produces(204).ProducesProblem(403);
        ops.MapPut("/operators/{userId}", (string userId, ClaimsPrincipal user, IGrainFactory grains, ModerationActions actions) =>
                SetOperator(userId, true, user, grains, actions))
            .WithSummary("Grants the operator role.").Produces(204).ProducesProblem(403).ProducesProblem(404);
        ops.MapDelete("/operators/{userId}", (string userId, ClaimsPrincipal user, IGrainFactory grains, ModerationActions actions) =>
                SetOperator(userId, false, user, grains, actions))
            .WithSummary("Withdraws a granted operator role (configured operators stay).").Produces(204).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async ValueTask<object?> RequireOperator(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await http.RequestServices.GetRequiredService<OperatorAccess>().IsOperatorAsync(http.User))
        {
            return await next(context);
        }
        return Problem.Forbidden("operator_required", "Only operators may use the moderation queue.");
    }

    private static async Task<IResult> List(IGrainFactory grains, string? status, int? take)
    {
        ReportStatus? filter = ReportStatus.Open;
        if (status is "all")
        {
            filter = null;
        }
        else if (status is not null)
        {
            if (!Enum.TryParse<ReportStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Problem.BadRequest("invalid_status", "status must be open, dismissed, actioned or all.");
            }
            filter = parsed;
        }
        var reports = await grains.GetGrain<IReportQueueGrain>(ModerationKeys.Platform).List(filter, take ?? 100);
        return Results.Ok(reports.Select(ReportPayload.From).ToList());
    }

    private static async Task<IResult> Get(string reportId, IGrainFactory grains) =>
        await grains.GetGrain<IReportQueueGrain>(ModerationKeys.Platform).Get(reportId) is { } report
            ? Results.Ok(ReportPayload.From(report))
            : UnknownReport();

    private static async Task<IResult> Resolve(string reportId, ResolveRequest body, ClaimsPrincipal user, IGrainFactory grains, ModerationActions actions)
    {
        var operatorId = user.UserId()!;
        var reason = body.Reason?.Trim() ?? "";
        if (reason.Length > ReportEndpoints.MaxReasonLength)
        {
            return Problem.BadRequest("invalid_reason", $"The reason is at most {ReportEndpoints.MaxReasonLength} characters.");
        }
        if (await grains.GetGrain<IReportQueueGrain>(ModerationKeys.Platform).Get(reportId) is not { } report)
        {
            return UnknownReport();
        }
        if (report.Status != ReportStatus.Open)
        {
            return Problem.Conflict("report_closed", "This report was already resolved.");
        }
        switch (body.Action)
        {
            case "dismiss":
                break;
            case "delete_content":
                if (!await actions.DeleteContentAsync(operatorId, report, reason))
                {
                    return Problem.BadRequest("invalid_action", "A reported user has no content to delete: suspend or ban instead.");
                }
                break;
            case "mute":
                if (report.TargetUserId is not { } muted)
                {
                    return Problem.BadRequest("invalid_action", "No account is responsible for this target.");
                }
                if (HoursError(body.Hours) is { } muteError)
                {
                    return muteError;
                }
                await actions.MuteAsync(operatorId, muted, body.Hours!.Value, reason, reportId);
                break;
            case "suspend" or "ban":
                if (report.TargetUserId is not { } target)
                {
                    return Problem.BadRequest("invalid_action", "No account is responsible for this target.");
                }
                if (body.Action == "suspend" && HoursError(body.Hours) is { } error)
                {
                    return error;
                }
                await actions.RestrictAsync(operatorId, target, body.Action == "suspend" ? body.Hours : null, reason, reportId);
                break;
            default:
                return Problem.BadRequest("invalid_action", "action must be dismiss, delete_content, mute, suspend or ban.");
        }
        var status = body.Action == "dismiss" ? ReportStatus.Dismissed : ReportStatus.Actioned;
        var closed = await actions.CloseAsync(operatorId, reportId, status, reason.Length > 0 ? $"{body.Action}: {reason}" : body.Action);
        return Results.Ok(ReportPayload.From(closed!));
    }

    private static async Task<IResult> Restrict(string userId, RestrictRequest body, bool suspend, ClaimsPrincipal user, IGrainFactory grains, ModerationActions actions)
    {
        if (suspend && HoursError(body.Hours) is { } error)
        {
            return error;
        }
        if (await AccountActionErrorAsync(userId, body, grains) is { } problem)
        {
            return problem;
        }
        var standing = await actions.RestrictAsync(user.UserId()!, userId, suspend ? body.Hours : null, body.Reason!.Trim());
        return Results.Ok(StandingPayload.From(userId, standing));
    }

    /// <summary>An action on an account needs a user that exists and a reason for the audit log; null when both are there.</summary>
    private static async Task<IResult?> AccountActionErrorAsync(string userId, RestrictRequest body, IGrainFactory grains)
    {
        if (await grains.GetGrain<IUserGrain>(userId).GetProfile() is null)
        {
            return Problem.NotFound("unknown_user", "There is no such user.");
        }
        var reason = body.Reason?.Trim() ?? "";
        return reason.Length is 0 or > ReportEndpoints.MaxReasonLength
            ? Problem.BadRequest("invalid_reason", $"A reason of 1 to {ReportEndpoints.MaxReasonLength} characters is required (it goes to the audit log).")
            : null;
    }

    private static async Task<IResult> Mute(string userId, RestrictRequest body, ClaimsPrincipal user, IGrainFactory grains, ModerationActions actions)
    {
        if (HoursError(body.Hours) is { } error)
        {
            return error;
        }
        if (await AccountActionErrorAsync(userId, body, grains) is { } problem)
        {
            return problem;
        }
        var standing = await actions.MuteAsync(user.UserId()!, userId, body.Hours!.Value, body.Reason!.Trim());
        return Results.Ok(StandingPayload.From(userId, standing));
    }

    private static async Task<IResult> SetOperator(string userId, bool isOperator, ClaimsPrincipal user, IGrainFactory grains, ModerationActions actions)
    {
        if (await grains.GetGrain<IUserGrain>(userId).GetProfile() is null)
        {
            return Problem.NotFound("unknown_user", "There is no such user.");
        }
        await actions.SetOperatorAsync(user.UserId()!, userId, isOperator);
        return Results.NoContent();
    }

    private static IResult UnknownReport() => Problem.NotFound("unknown_report", "There is no such report.");

    /// <summary>A mute or a suspension lasts from a minute to a year.</summary>
    private static IResult? HoursError(double? hours) =>
        hours is >= 1.0 / 60 and <= 24 * 366 ? null : Problem.BadRequest("invalid_hours", "hours must be between 1/60 (a minute) and 8784 (a year).");
}
