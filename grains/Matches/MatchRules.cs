using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Matches;

/// <summary>The match's decisions that need no I/O: who may invite, the length, the result.</summary>
internal static class MatchRules
{
    /// <summary>How long after the end the final score is read, so gifts booked inside the window have committed.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after a tick that took <paramref name="spent"/> the next one is due, so that ticks start every
    /// <paramref name="every"/> (Orleans counts a timer's period from the end of a tick); at once when it ran over.
    /// </summary>
    public static TimeSpan UntilNextTick(TimeSpan every, TimeSpan spent) => spent >= every ? TimeSpan.Zero : every - spent;

    /// <summary>Why the invitation is refused (Ok when it may go ahead); <paramref name="duration"/> is the length to use.</summary>
    public static MatchReply CheckInvite(MatchInvite invite, RoomInfo? mine, RoomInfo? theirs, MatchOptions options, out int duration)
    {
        duration = invite.DurationSeconds ?? options.DefaultDurationSeconds;
        if (duration < options.MinDurationSeconds || duration > options.MaxDurationSeconds)
        {
            return MatchReply.InvalidDuration;
        }
        if (invite.RoomId == invite.OpponentRoomId)
        {
            return MatchReply.SameRoom;
        }
        if (mine is null || theirs is null)
        {
            return MatchReply.UnknownRoom;
        }
        if (mine.HostId != invite.ActorId)
        {
            return MatchReply.NotHost;
        }
        return mine.Status == RoomStatus.Live && theirs.Status == RoomStatus.Live ? MatchReply.Ok : MatchReply.RoomNotLive;
    }

    /// <summary>Whether <paramref name="actorId"/> may answer the invitation now (before the expiry check).</summary>
    public static MatchReply CheckAnswer(MatchState match, string actorId) => match.Status switch
    {
        MatchStatus.None => MatchReply.UnknownMatch,
        _ when match.HostIds[1] != actorId => MatchReply.NotHost,
        MatchStatus.Invited => MatchReply.Ok,
        _ => match.Result?.Reason == "expired" ? MatchReply.Expired : MatchReply.WrongState,
    };

    /// <summary>The higher score wins, equal scores draw; a room that ended forfeits to the other.</summary>
    public static MatchResult Decide(MatchSide[] sides, string? forfeitRoomId) => forfeitRoomId is not null
        ? new MatchResult(sides.First(s => s.RoomId != forfeitRoomId).RoomId, "roomEnded")
        : new MatchResult(sides[0].Score == sides[1].Score ? null : sides.MaxBy(s => s.Score)!.RoomId, "time");
}
