using Stagecast.Contracts.Matches;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Matches;

/// <summary>The stable error codes of matches, as problem details.</summary>
public static class MatchErrors
{
    public static IResult Http(MatchReply reply) => reply switch
    {
        MatchReply.UnknownMatch => Problem.NotFound("unknown_match", "There is no such match."),
        MatchReply.UnknownRoom => Problem.NotFound("unknown_room", "There is no such room."),
        MatchReply.NotHost => Problem.Forbidden("not_host", "Only the host of the room may do that."),
        MatchReply.RoomNotLive => Problem.Conflict("room_not_live", "Both rooms must be live."),
        MatchReply.SameRoom => Problem.BadRequest("same_room", "A room cannot play a match against itself."),
        MatchReply.Busy => Problem.Conflict("room_busy", "One of the rooms is already in a match or has a pending invitation."),
        MatchReply.Expired => Problem.Conflict("invitation_expired", "The invitation has expired."),
        MatchReply.WrongState => Problem.Conflict("match_state", "The match is no longer waiting for an answer."),
        MatchReply.InvalidDuration => Problem.BadRequest("invalid_duration", "durationSeconds is out of range."),
        MatchReply.StudioNotConnected => Problem.Conflict("studio_not_connected",
            "Open the studio for this room first: random matching pairs hosts who are there to play."),
        _ => Problem.BadRequest("invalid_request", "The request is not valid."),
    };
}
