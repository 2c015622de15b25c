using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Matches;

/// <summary>A match's lifecycle as pure state transitions (invited, running, declined or ended) and its view for the rooms.</summary>
internal static class MatchTransitions
{
    /// <summary>An accepted invitation's state: both rooms and hosts, the agreed duration, and the settings it runs under.</summary>
    public static MatchState Invited(MatchInvite invite, RoomInfo mine, RoomInfo theirs, int durationSeconds, MatchOptions options, DateTimeOffset now) => new()
    {
        Status = MatchStatus.Invited, RoomIds = [invite.RoomId, invite.OpponentRoomId], HostIds = [mine.HostId, theirs.HostId],
        DurationSeconds = durationSeconds, InvitedAt = now, InviteSeconds = options.InviteSeconds,
        StretchSeconds = options.FinalStretchSeconds, StretchMultiplier = Math.Max(1, options.FinalStretchMultiplier),
    };

    public static MatchState Started(MatchState s, DateTimeOffset now) =>
        s with { Status = MatchStatus.Running, StartedAt = now, EndsAt = now.AddSeconds(s.DurationSeconds) };

    public static MatchState Closed(MatchState s, MatchStatus status, MatchSide[] sides, MatchResult result, DateTimeOffset now) =>
        s with { Status = status, EndedAt = now, FinalSides = sides, Result = result };

    /// <summary>An invitation nobody answered in time.</summary>
    public static bool InviteExpired(MatchState s, DateTimeOffset now) =>
        s.Status == MatchStatus.Invited && now >= s.InvitedAt.AddSeconds(s.InviteSeconds);

    /// <summary>
    /// A running match ends when a room stopped being live (a forfeit) or its time is up; a gift booked just before the
    /// end may commit a moment later, so the final read waits out <see cref="MatchRules.SettleTime"/>.
    /// </summary>
    public static bool Over(MatchState s, string? roomNotLive, DateTimeOffset now) =>
        roomNotLive is not null || now >= s.EndsAt + MatchRules.SettleTime;

    public static MatchView View(string matchId, MatchState s, MatchSide[] sides) => new(
        matchId, s.Status, s.EndsAt, sides, s.Result,
        s.Status == MatchStatus.Invited ? s.InvitedAt.AddSeconds(s.InviteSeconds) : null);
}
