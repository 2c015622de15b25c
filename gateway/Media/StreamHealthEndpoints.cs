using System.Security.Claims;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Media;

/// <summary>GET /api/live/{roomId}/stream-health, answered by the gateway that ingests the room.</summary>
public static class StreamHealthEndpoints
{
    public static IEndpointRouteBuilder MapStreamHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/live/{roomId}/stream-health", Get).WithTags("Media")
            .WithSummary("The publisher's bitrate, frame rate, resolution, loss and keyframe interval (host, or operator token).")
            .Produces<StreamHealthResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> Get(string roomId, HttpContext http, ClaimsPrincipal user, IGrainFactory grains, WhipIngest ingest, IConfiguration configuration)
    {
        if (!OperatorToken.Matches(http.Request, configuration["Stagecast:Economy:OperatorToken"]))
        {
            if (user.UserId() is not { } userId)
            {
                return Problem.Unauthorized("unauthenticated", "Sign in as the room's host, or send the operator token.");
            }
            var room = await grains.GetGrain<ILiveRoomGrain>(roomId).GetInfo();
            if (room is null)
            {
                return Problem.NotFound("unknown_room", $"No room {roomId}.");
            }
            if (room.HostId != userId)
            {
                return Problem.Forbidden("not_allowed", "Only the room's host sees its stream health.");
            }
        }
        var session = ingest.RunningServer?.GetSessionForRoom(roomId);
        if (session is null)
        {
            return Problem.NotFound("no_media", "No publisher is sending to this room through this gateway.");
        }
        return Results.Ok(StreamHealthResponse.From(roomId, session.Health));
    }
}
