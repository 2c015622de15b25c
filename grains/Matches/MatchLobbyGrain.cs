using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Matches;

/// <summary>
/// Random matching. The waiting list lives in memory only (a few hosts at a time, each waiting at most
/// <see cref="MaxWait"/>): after a restart the hosts ask again. A new asker plays the first room waiting whose host is
/// someone else and which can still play (the match grain checks both rooms as for any invitation; a room that cannot
/// is dropped from the list); the waiting host is the inviter and the asker accepts at once, so the match runs.
/// </summary>
public sealed class MatchLobbyGrain(TimeProvider clock, MatchOptions options) : Grain, IMatchLobbyGrain
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);

    private readonly List<Waiting> _waiting = [];

    public async Task<LobbyTicket> Enter(string hostId, string roomId, int? durationSeconds)
    {
        var now = clock.GetUtcNow();
        _waiting.RemoveAll(w => w.RoomId == roomId || now - w.Since > MaxWait);
        // The asker's own room, checked as for an invitation (host, live, duration), and its match slot.
        var info = await GrainFactory.GetGrain<ILiveRoomGrain>(roomId).GetInfo();
        var own = MatchRules.CheckInvite(new MatchInvite(hostId, roomId, "", durationSeconds), info, info, options, out _);
        if (own != MatchReply.Ok)
        {
            return new(own, null);
        }
        if (await GrainFactory.GetGrain<IRoomMatchGrain>(roomId).Current() is { } current
            && await GrainFactory.GetGrain<IMatchGrain>(current).Get() is { Status: MatchStatus.Invited or MatchStatus.Running })
        {
            return new(MatchReply.Busy, null);
        }
        foreach (var partner in _waiting.Where(w => w.HostId != hostId).ToList())
        {
            // A partner whose room cannot play any more (ended, busy) is dropped and the next one tried.
            _waiting.Remove(partner);
            var matchId = "m" + Guid.NewGuid().ToString("N")[..16];
            var match = GrainFactory.GetGrain<IMatchGrain>(matchId);
            if (await match.Invite(new MatchInvite(partner.HostId, partner.RoomId, roomId, partner.DurationSeconds ?? durationSeconds)) == MatchReply.Ok
                && await match.Accept(hostId) == MatchReply.Ok)
            {
                return new(MatchReply.Ok, matchId);
            }
        }
        _waiting.Add(new Waiting(hostId, roomId, durationSeconds, now));
        return new(MatchReply.Ok, null);
    }

    public Task<bool> Leave(string hostId, string roomId) =>
        Task.FromResult(_waiting.RemoveAll(w => w.RoomId == roomId && w.HostId == hostId) > 0);

    private sealed record Waiting(string HostId, string RoomId, int? DurationSeconds, DateTimeOffset Since);
}
