using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Matches;

/// <summary>
/// One LIVE Match; its transitions are <see cref="MatchTransitions"/>, its rules <see cref="MatchRules"/>. While running, a timer rereads both sides from the ledger's gift facts every
/// <see cref="MatchOptions.ScoreIntervalMs"/> and sends the match to both rooms when it changed (coalesced); a
/// reminder wakes the grain after a silo restart. See docs/match.md.
/// </summary>
public sealed class MatchGrain(
    [PersistentState("match", "store")] IPersistentState<MatchState> state,
    IRoomGiftFacts facts,
    MatchOptions options,
    TimeProvider clock,
    ILogger<MatchGrain> logger) : Grain, IMatchGrain, IRemindable
{
    private const string Wake = "match-wake";
    private MatchScoreboard? _board;
    private MatchRooms? _rooms;
    private MatchSide[]? _sent;
    private IGrainTimer? _timer;

    private MatchState S => state.State;

    private MatchScoreboard Board => _board ??= new MatchScoreboard(facts,
        async userId => (await GrainFactory.GetGrain<IUserGrain>(userId).GetProfile())?.DisplayName ?? userId, options.ScoreSettleMs);

    private MatchRooms Rooms => _rooms ??= new MatchRooms(GrainFactory, logger);

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Status is MatchStatus.Invited or MatchStatus.Running)
        {
            StartTimer();
        }
        return Task.CompletedTask;
    }

    public async Task<MatchReply> Invite(MatchInvite invite)
    {
        if (S.Status != MatchStatus.None)
        {
            return MatchReply.WrongState;
        }
        var mine = await GrainFactory.GetGrain<ILiveRoomGrain>(invite.RoomId).GetInfo();
        var theirs = await GrainFactory.GetGrain<ILiveRoomGrain>(invite.OpponentRoomId).GetInfo();
        if (MatchRules.CheckInvite(invite, mine, theirs, options, out var duration) is var refused and not MatchReply.Ok)
        {
            return refused;
        }
        if (!await Rooms.ClaimAsync(Id, [invite.RoomId, invite.OpponentRoomId]))
        {
            return MatchReply.Busy;
        }
        state.State = MatchTransitions.Invited(invite, mine!, theirs!, duration, options, Now);
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(Wake, TimeSpan.FromSeconds(S.InviteSeconds), TimeSpan.FromMinutes(1));
        StartTimer();
        logger.LogInformation("Match {MatchId}: {RoomId} invited {OpponentRoomId}", Id, invite.RoomId, invite.OpponentRoomId);
        await Publish(View(MatchScoreboard.Empty(S)));
        return MatchReply.Ok;
    }

    public async Task<MatchReply> Accept(string actorId)
    {
        if (await Answerable(actorId) is var refused and not MatchReply.Ok)
        {
            return refused;
        }
        state.State = MatchTransitions.Started(S, Now);
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(Wake, TimeSpan.FromSeconds(S.DurationSeconds), TimeSpan.FromMinutes(1));
        _sent = MatchScoreboard.Empty(S);
        await Publish(View(_sent));
        return MatchReply.Ok;
    }

    public async Task<MatchReply> Decline(string actorId)
    {
        if (await Answerable(actorId) is var refused and not MatchReply.Ok)
        {
            return refused;
        }
        await Close(MatchStatus.Declined, MatchScoreboard.Empty(S), new MatchResult(null, "declined"));
        return MatchReply.Ok;
    }

    public async Task<MatchView?> Get() => S.Status switch
    {
        MatchStatus.None => null,
        MatchStatus.Running => View(await Board.ReadAsync(S, Now)),
        _ => View(S.FinalSides ?? MatchScoreboard.Empty(S)),
    };

    public async Task<bool> Pseudonymise(string userId, string pseudonym)
    {
        // A running match reads its MVPs from the (already pseudonymised) ledger; stored final sides hold the id, and a
        // deleted host's id stands in the match's hosts and sides.
        var host = S.HostIds.Contains(userId);
        var mvp = S.FinalSides is { } sides && sides.Any(side => side.Mvps.Any(m => m.UserId == userId));
        if (!host && !mvp)
        {
            return false;
        }
        state.State = S with
        {
            HostIds = [.. S.HostIds.Select(h => h == userId ? pseudonym : h)],
            FinalSides = S.FinalSides?.Select(side => MatchScoreboard.Rename(side, userId, pseudonym)).ToArray(),
        };
        await state.WriteStateAsync();
        logger.LogInformation("Match {MatchId}: a deleted account's {What} renamed", Id, host ? "host" : "MVP row");
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Tick(CancellationToken.None);

    private async Task<MatchReply> Answerable(string actorId)
    {
        if (MatchRules.CheckAnswer(S, actorId) is var refused and not MatchReply.Ok)
        {
            return refused;
        }
        await Tick(CancellationToken.None);
        return S.Status == MatchStatus.Invited ? MatchReply.Ok : MatchReply.Expired;
    }

    private async Task Tick(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Advance();
        }
        finally
        {
            KeepCadence(Stopwatch.GetElapsedTime(started));
        }
    }

    // Orleans starts the next tick a period after this one ended, so the reads and sends made the score go out every
    // 250 ms plus their own time (3.1-3.8 times a second under load, not the 4 the interval promises). The next tick
    // is due an interval after this one started instead.
    private void KeepCadence(TimeSpan spent)
    {
        if (_timer is not null && S.Status is (MatchStatus.Invited or MatchStatus.Running))
        {
            var every = TimeSpan.FromMilliseconds(options.ScoreIntervalMs);
            _timer.Change(MatchRules.UntilNextTick(every, spent), every);
        }
    }

    private async Task Advance()
    {
        var now = Now;
        if (MatchTransitions.InviteExpired(S, now))
        {
            await Close(MatchStatus.Declined, MatchScoreboard.Empty(S), new MatchResult(null, "expired"));
        }
        if (S.Status != MatchStatus.Running)
        {
            return;
        }
        var ended = await Rooms.FirstNotLiveAsync(S.RoomIds);
        var over = MatchTransitions.Over(S, ended, now);
        // The result is one full read of the window; live scores add only the gifts not yet settled to kept totals.
        var sides = await Board.ReadAsync(S, now, exact: over);
        if (over)
        {
            await Close(MatchStatus.Ended, sides, MatchRules.Decide(sides, ended));
        }
        else if (MatchScoreboard.Changed(_sent, sides))
        {
            _sent = sides;
            await Publish(View(sides));
        }
    }

    private async Task Close(MatchStatus status, MatchSide[] sides, MatchResult result)
    {
        state.State = MatchTransitions.Closed(S, status, sides, result, Now);
        await state.WriteStateAsync();
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(Wake) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        await Rooms.ReleaseAsync(Id, S.RoomIds);
        logger.LogInformation("Match {MatchId} {Status}: {Reason}, winner {Winner}", Id, status, result.Reason, result.WinnerRoomId);
        await Publish(View(sides));
    }

    private Task Publish(MatchView view) => Rooms.PublishAsync(view, S.RoomIds);

    private MatchView View(MatchSide[] sides) => MatchTransitions.View(Id, S, sides);

    private void StartTimer()
    {
        var every = TimeSpan.FromMilliseconds(options.ScoreIntervalMs);
        _timer = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
    }
}
