using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Matches;

/// <summary>
/// Random matching. The waiting list is grain state (<see cref="MatchLobbyState"/>), written before a host is told
/// they wait, so it outlives a silo restart. A place expires after <see cref="MatchOptions.RandomWaitSeconds"/>.
/// A new asker plays the first waiting room whose host is someone else and which can still play: a room no longer
/// live, or busy, is dropped; a room whose media dropped (<see cref="RoomInfo.Reconnecting"/>) is passed over and keeps
/// its place until it expires; a host whose studio disconnected (<see cref="ILiveRoomGrain.StudioConnected"/> false: its
/// hub connection closed, or its gateway's lease ran out) has left and is dropped. The waiting host is the inviter and
/// the asker accepts at once, so the match runs.
/// Only a host with the room's studio open plays: the asker must have it connected (else
/// <see cref="MatchReply.StudioNotConnected"/>), so nobody is matched with a host who drives the room by API and would
/// never see the match. A waiting room whose studio is unknown (null: the room grain lost its gateway leases in a silo
/// restart and has not heard the next renewal yet) is passed over and keeps its place, as a room whose media dropped.
/// </summary>
public sealed class MatchLobbyGrain(
    [PersistentState("matchLobby", "store")] IPersistentState<MatchLobbyState> state,
    TimeProvider clock,
    MatchOptions options) : Grain, IMatchLobbyGrain
{
    private List<MatchLobbyEntry> Waiting => state.State.Waiting;

    public async Task<LobbyTicket> Enter(string hostId, string roomId, int? durationSeconds)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var changed = Waiting.RemoveAll(w => w.RoomId == roomId || now - w.SinceMs > options.RandomWaitSeconds * 1000L) > 0;
        try
        {
            // The asker's own room, checked as for an invitation (host, live, duration), and its match slot.
            var info = await GrainFactory.GetGrain<ILiveRoomGrain>(roomId).GetInfo();
            var own = MatchRules.CheckInvite(new MatchInvite(hostId, roomId, "", durationSeconds), info, info, options, out _);
            if (own != MatchReply.Ok)
            {
                return new(own, null);
            }
            if (await IsBusy(roomId))
            {
                return new(MatchReply.Busy, null);
            }
            if (await GrainFactory.GetGrain<ILiveRoomGrain>(roomId).StudioConnected() != true)
            {
                return new(MatchReply.StudioNotConnected, null);
            }
            foreach (var partner in Waiting.Where(w => w.HostId != hostId).ToList())
            {
                var room = GrainFactory.GetGrain<ILiveRoomGrain>(partner.RoomId);
                var studio = await room.StudioConnected();
                if (await room.GetInfo() is { Status: RoomStatus.Live } live && (live.Reconnecting || studio is null))
                {
                    continue;
                }
                // A partner whose room cannot play any more (ended, busy) or whose studio left is dropped and the next one tried.
                Waiting.Remove(partner);
                changed = true;
                if (studio != true)
                {
                    continue;
                }
                var matchId = "m" + Guid.NewGuid().ToString("N")[..16];
                var match = GrainFactory.GetGrain<IMatchGrain>(matchId);
                if (await match.Invite(new MatchInvite(partner.HostId, partner.RoomId, roomId, partner.DurationSeconds ?? durationSeconds)) == MatchReply.Ok
                    && await match.Accept(hostId) == MatchReply.Ok)
                {
                    return new(MatchReply.Ok, matchId);
                }
            }
            Waiting.Add(new MatchLobbyEntry(hostId, roomId, durationSeconds, now));
            changed = true;
            return new(MatchReply.Ok, null);
        }
        finally
        {
            if (changed)
            {
                await state.WriteStateAsync();
            }
        }
    }

    public async Task<bool> Leave(string hostId, string roomId)
    {
        if (Waiting.RemoveAll(w => w.RoomId == roomId && w.HostId == hostId) == 0)
        {
            return false;
        }
        await state.WriteStateAsync();
        return true;
    }

    private async Task<bool> IsBusy(string roomId) =>
        await GrainFactory.GetGrain<IRoomMatchGrain>(roomId).Current() is { } current
        && await GrainFactory.GetGrain<IMatchGrain>(current).Get() is { Status: MatchStatus.Invited or MatchStatus.Running };
}
