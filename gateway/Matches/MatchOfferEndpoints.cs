using System.Security.Claims;
using Stagecast.Contracts.Matches;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Matches;

/// <summary>Ways to a match besides a direct invitation: a rematch offered after a result, and a random opponent.</summary>
public static class MatchOfferEndpoints
{
    public static IEndpointRouteBuilder MapMatchOfferEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/matches/{matchId}/rematch", Rematch).RequireAuthorization().WithTags("LIVE Match")
            .WithSummary("After a result, either host offers a rematch: a new invitation to the other room (same answer rules).")
            .Produces<MatchCreatedResponse>(201).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        app.MapPost("/api/live/{roomId}/match/random", Random).RequireAuthorization().WithTags("LIVE Match")
            .WithSummary("The host asks for a random opponent: 200 {status: running, matchId} when another host was waiting, else 202 {status: waiting}; 409 studio_not_connected unless the host has the room's studio open.")
            .Produces<RandomMatchResponse>(200).Produces<RandomMatchResponse>(202).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        app.MapDelete("/api/live/{roomId}/match/random", async (string roomId, ClaimsPrincipal user, IGrainFactory grains) =>
                RoomErrors.IsRoomId(roomId) && await grains.GetGrain<IMatchLobbyGrain>(0).Leave(user.UserId()!, roomId)
                    ? Results.NoContent()
                    : Problem.NotFound("not_waiting", "The room is not waiting for a random opponent."))
            .RequireAuthorization().WithTags("LIVE Match").WithSummary("The host stops waiting for a random opponent.")
            .Produces(204).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> Rematch(string matchId, RematchRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RoomErrors.IsRoomId(matchId) || await grains.GetGrain<IMatchGrain>(matchId).Get() is not { } view)
        {
            return MatchErrors.Http(MatchReply.UnknownMatch);
        }
        var userId = user.UserId()!;
        if (view.Sides.FirstOrDefault(s => s.HostId == userId) is not { } mine)
        {
            return MatchErrors.Http(MatchReply.NotHost);
        }
        if (view.Status != MatchStatus.Ended)
        {
            return Problem.Conflict("match_state", "A rematch can be offered once the match has a result.");
        }
        var theirs = view.Sides.First(s => s.RoomId != mine.RoomId);
        var rematchId = "m" + Guid.NewGuid().ToString("N")[..16];
        var reply = await grains.GetGrain<IMatchGrain>(rematchId).Invite(new MatchInvite(userId, mine.RoomId, theirs.RoomId, body?.DurationSeconds));
        return reply == MatchReply.Ok
            ? Results.Created($"/api/matches/{rematchId}", new MatchCreatedResponse(rematchId, "invited"))
            : MatchErrors.Http(reply);
    }

    private static async Task<IResult> Random(string roomId, RematchRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RoomErrors.IsRoomId(roomId))
        {
            return MatchErrors.Http(MatchReply.UnknownRoom);
        }
        // Only a host with the studio open is matched; a studio's join told the room grain before it returned
        // (RoomFanout.KnowHostAsync), so one that joined just now counts already.
        var ticket = await grains.GetGrain<IMatchLobbyGrain>(0).Enter(user.UserId()!, roomId, body?.DurationSeconds);
        return ticket switch
        {
            { Reply: not MatchReply.Ok } => MatchErrors.Http(ticket.Reply),
            { MatchId: { } id } => Results.Ok(new RandomMatchResponse("running", id)),
            _ => Results.Accepted(value: new RandomMatchResponse("waiting", null)),
        };
    }
}

/// <summary>Optional body of a rematch offer or a random-opponent request: the match length (default from configuration).</summary>
public sealed record RematchRequest(int? DurationSeconds);

/// <summary>Answer to asking for a random opponent: "running" with the match's id, or "waiting" (the match event follows when someone comes).</summary>
public sealed record RandomMatchResponse(string Status, string? MatchId);
