using System.Security.Claims;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Accounts;

namespace Stagecast.Gateway.Rooms;

/// <summary>Room moderation over HTTP, for the host and the moderators the host appoints.</summary>
public static class ModerationEndpoints
{
    public static IEndpointRouteBuilder MapModerationEndpoints(this IEndpointRouteBuilder app)
    {
        var room = app.MapGroup("/api/live/{roomId}").WithTags("Live rooms: moderation").RequireAuthorization();
        room.MapGet("/moderation", Get).WithSummary("Moderators, bans, active mutes, slow mode, blocked keywords and subscriber-only chat (host or moderator).")
            .Produces<RoomModeration>().ProducesProblem(403).ProducesProblem(404);
        room.MapPut("/moderators/{userId}", (string roomId, string userId, ClaimsPrincipal user, RoomCommands commands) =>
                LiveEndpoints.Command(roomId, g => g.SetModerator(user.UserId()!, userId, true), commands))
            .WithSummary("The host appoints a moderator.").Produces(204).ProducesProblem(403).ProducesProblem(404);
        room.MapDelete("/moderators/{userId}", (string roomId, string userId, ClaimsPrincipal user, RoomCommands commands) =>
                LiveEndpoints.Command(roomId, g => g.SetModerator(user.UserId()!, userId, false), commands))
            .WithSummary("The host removes a moderator.").Produces(204).ProducesProblem(403).ProducesProblem(404);
        room.MapPut("/mutes/{userId}", (string roomId, string userId, MuteRequest body, ClaimsPrincipal user, RoomCommands commands) =>
                body.Seconds <= 0
                    ? Task.FromResult(RoomErrors.Http(RoomResult.InvalidArgument))
                    : LiveEndpoints.Command(roomId, g => g.Mute(user.UserId()!, userId, TimeSpan.FromSeconds(body.Seconds)), commands))
            .WithSummary("Mutes a user in the room for {seconds} (host or moderator); viewers get moderation {action: mute}.")
            .Produces(204).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        room.MapDelete("/mutes/{userId}", (string roomId, string userId, ClaimsPrincipal user, RoomCommands commands) =>
                LiveEndpoints.Command(roomId, g => g.Mute(user.UserId()!, userId, TimeSpan.Zero), commands))
            .WithSummary("Unmutes a user (host or moderator).").Produces(204).ProducesProblem(403).ProducesProblem(404);
        room.MapPut("/bans/{userId}", (string roomId, string userId, ClaimsPrincipal user, RoomCommands commands) =>
                LiveEndpoints.Command(roomId, g => g.Ban(user.UserId()!, userId, true), commands))
            .WithSummary("Bans a user: removed from the room now, cannot rejoin, comment, like or gift (host or moderator).")
            .Produces(204).ProducesProblem(403).ProducesProblem(404);
        room.MapDelete("/bans/{userId}", (string roomId, string userId, ClaimsPrincipal user, RoomCommands commands) =>
                LiveEndpoints.Command(roomId, g => g.Ban(user.UserId()!, userId, false), commands))
            .WithSummary("Lifts a ban (host or moderator).").Produces(204).ProducesProblem(403).ProducesProblem(404);
        room.MapDelete("/comments/{commentId:long}", (string roomId, long commentId, ClaimsPrincipal user, RoomCommands commands) =>
                LiveEndpoints.Command(roomId, g => g.DeleteComment(user.UserId()!, commentId), commands))
            .WithSummary("Deletes a comment (host or moderator); viewers get commentDeleted.").Produces(204).ProducesProblem(403).ProducesProblem(404);
        room.MapPut("/slow-mode", (string roomId, SlowModeRequest body, ClaimsPrincipal user, RoomCommands commands) =>
                LiveEndpoints.Command(roomId, g => g.SetSlowMode(user.UserId()!, body.Seconds), commands))
            .WithSummary("Slow mode: one comment per {seconds} per user, 0 turns it off (host or moderator; they are exempt).")
            .Produces(204).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        room.MapPut("/subscribers-only", (string roomId, SubscribersOnlyRequest body, ClaimsPrincipal user, RoomCommands commands) =>
                LiveEndpoints.Command(roomId, g => g.SetSubscribersOnly(user.UserId()!, body.Enabled), commands))
            .WithSummary("Subscriber-only chat on or off (host or moderator): others' comments are refused with subscribers_only; the host and moderators are exempt.")
            .Produces(204).ProducesProblem(403).ProducesProblem(404);
        room.MapPut("/blocked-keywords", (string roomId, BlockedKeywordsRequest body, ClaimsPrincipal user, RoomCommands commands) =>
                LiveEndpoints.Command(roomId, g => g.SetBlockedKeywords(user.UserId()!, body.Keywords ?? []), commands))
            .WithSummary("Replaces the blocked keywords; comments containing one (case-insensitive, NFKC-normalised) are refused with invalid_text.")
            .Produces(204).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> Get(string roomId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RoomErrors.IsRoomId(roomId))
        {
            return RoomErrors.Http(RoomResult.UnknownRoom);
        }
        var grain = grains.GetGrain<ILiveRoomGrain>(roomId);
        if (await grain.GetModeration(user.UserId()!) is { } moderation)
        {
            return Results.Ok(moderation);
        }
        return await grain.GetInfo() is null ? RoomErrors.Http(RoomResult.UnknownRoom) : RoomErrors.Http(RoomResult.NotAllowed);
    }
}
