using Stagecast.Contracts.Matches;
using Stagecast.Gateway.Rooms.Payloads;

namespace Stagecast.Gateway.Matches;

/// <summary>Turns the match grain's view into the wire shape.</summary>
public static class MatchMapper
{
    public static string StatusName(MatchStatus status) => status switch
    {
        MatchStatus.Invited => "invited",
        MatchStatus.Running => "running",
        MatchStatus.Ended => "ended",
        MatchStatus.Declined => "declined",
        _ => "unknown",
    };

    public static MatchPayload Payload(MatchView view)
    {
        var ran = view.Status == MatchStatus.Ended && view.Result is not null;
        var draw = ran && view.Result!.WinnerRoomId is null;
        return new MatchPayload(
            view.MatchId, StatusName(view.Status), view.EndsAt?.ToUnixTimeMilliseconds(), view.InviteExpiresAt?.ToUnixTimeMilliseconds(),
            view.Sides.Select(s => new MatchSidePayload(
                s.RoomId, s.HostId, s.Score, PayloadMapper.TopGifters(s.Mvps),
                !ran ? null : draw ? "draw" : s.RoomId == view.Result!.WinnerRoomId ? "win" : "lose")).ToArray(),
            view.Result is { } r ? new MatchResultPayload(r.WinnerRoomId, draw, r.Reason) : null);
    }
}
