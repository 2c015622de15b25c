using System.Security.Claims;
using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Matches;

/// <summary>LIVE Match: a host invites another live room, the other host accepts or declines, anyone reads the score.</summary>
public static class MatchEndpoints
{
    public static IEndpointRouteBuilder MapMatchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/live/{roomId}/match", Invite).RequireAuthorization().WithTags("LIVE Match")
            .WithSummary("The host of a live room invites another live room to a match (the opponent has 30 s to answer).")
            .Produces<MatchCreatedResponse>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        app.MapGet("/api/live/{roomId}/match", Current).WithTags("LIVE Match")
            .WithSummary("The room's pending or running match; 204 when it has none.").Produces<MatchPayload>().Produces(204)
            .ProducesProblem(404);
        var matches = app.MapGroup("/api/matches").WithTags("LIVE Match");
        matches.MapGet("/{matchId}", Get).WithSummary("A match: status, end time, both sides' scores and MVPs, result.")
            .Produces<MatchPayload>().ProducesProblem(404);
        matches.MapPost("/{matchId}/accept", (string matchId, ClaimsPrincipal user, IGrainFactory grains) =>
                Answer(matchId, g => g.Accept(user.UserId()!), grains))
            .RequireAuthorization().WithSummary("The opponent's host accepts; the match starts.")
            .Produces<MatchPayload>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        matches.MapPost("/{matchId}/decline", (string matchId, ClaimsPrincipal user, IGrainFactory grains) =>
                Answer(matchId, g => g.Decline(user.UserId()!), grains))
            .RequireAuthorization().WithSummary("The opponent's host declines.")
            .Produces<MatchPayload>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<IResult> Invite(string roomId, InviteMatchRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RoomErrors.IsRoomId(roomId))
        {
            return MatchErrors.Http(MatchReply.UnknownRoom);
        }
        if (!RoomErrors.IsRoomId(request.OpponentRoomId))
        {
            return Problem.BadRequest("invalid_opponent", "opponentRoomId must name a room.");
        }
        var matchId = "m" + Guid.NewGuid().ToString("N")[..16];
        var reply = await grains.GetGrain<IMatchGrain>(matchId).Invite(
            new MatchInvite(user.UserId()!, roomId, request.OpponentRoomId!, request.DurationSeconds));
        return reply == MatchReply.Ok
            ? Results.Created($"/api/matches/{matchId}", new MatchCreatedResponse(matchId, "invited"))
            : MatchErrors.Http(reply);
    }

    // No match is the usual answer (every watch page and the studio ask), so it is 204, not a 404 that each browser
    // logs as a failed request; a malformed room id is still a 404.
    private static async Task<IResult> Current(string roomId, IGrainFactory grains)
    {
        if (!RoomErrors.IsRoomId(roomId))
        {
            return RoomErrors.Http(RoomResult.UnknownRoom);
        }
        return await grains.GetGrain<IRoomMatchGrain>(roomId).Current() is { } matchId
            && await grains.GetGrain<IMatchGrain>(matchId).Get() is { Status: MatchStatus.Invited or MatchStatus.Running } view
            ? Results.Ok(MatchMapper.Payload(view))
            : Results.NoContent();
    }

    private static async Task<IResult> Get(string matchId, IGrainFactory grains) =>
        IsMatchId(matchId) && await grains.GetGrain<IMatchGrain>(matchId).Get() is { } view
            ? Results.Ok(MatchMapper.Payload(view))
            : MatchErrors.Http(MatchReply.UnknownMatch);

    private static async Task<IResult> Answer(string matchId, Func<IMatchGrain, Task<MatchReply>> call, IGrainFactory grains)
    {
        if (!IsMatchId(matchId))
        {
            return MatchErrors.Http(MatchReply.UnknownMatch);
        }
        var grain = grains.GetGrain<IMatchGrain>(matchId);
        var reply = await call(grain);
        return reply == MatchReply.Ok && await grain.Get() is { } view ? Results.Ok(MatchMapper.Payload(view)) : MatchErrors.Http(reply);
    }

    private static bool IsMatchId(string matchId) => RoomErrors.IsRoomId(matchId);
}
