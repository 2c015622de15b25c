using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Subscriptions;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// One live room: calls, timer, activation. Rules live in plain classes it holds: <see cref="RoomLifecycle"/>,
/// <see cref="RoomRecord"/> (write through or behind), <see cref="RoomChat"/>, <see cref="RoomModerator"/>,
/// <see cref="GiftBoard"/>, <see cref="RoomFanout"/>. The hot path never awaits storage: the timer sends the outbox.
/// </summary>
public sealed class LiveRoomGrain(
    [PersistentState("room", "store")] IPersistentState<LiveRoomState> state,
    IGrainFactory grains,
    TimeProvider clock,
    IOptions<RoomLifecycleOptions> lifecycle,
    IOptions<LargeRoomOptions> large,
    ILogger<LiveRoomGrain> logger) : Grain, ILiveRoomGrain
{
    private readonly GiftBoard _board = new();
    private readonly RoomChat _chat = new();
    private readonly RoomRecord _record = new(state, clock);
    private RoomFanout? _fanout;
    private RoomLifecycle? _life;

    private string RoomId => this.GetPrimaryKeyString();
    private LiveRoomState S => state.State;
    private long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();
    private RoomFanout Fanout => _fanout ??= new(RoomId, logger, large.Value);
    private RoomLifecycle Life => _life ??= new(
        RoomId, _record, Fanout, grains, clock, lifecycle.Value, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Tick, RoomSchedule.Tick, RoomSchedule.Tick);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _record.Dirty ? state.WriteStateAsync(cancellationToken) : Task.CompletedTask;

    public Task<string?> Open(string hostId, string hostDisplayName, string title) => Life.Open(hostId, hostDisplayName, title);

    public Task<RoomResult> GoLive(string? actorId) => Life.GoLive(actorId);

    public Task MediaEnded() => Life.MediaEnded();

    public Task<RoomResult> End(string actorId) => Life.End(actorId);

    public Task TakeDown() => Life.TakeDown();

    public Task<RoomInfo?> GetInfo() => Task.FromResult(S.Status == RoomStatus.Unknown ? null : Info());

    public Task<RoomJoin> Join(string? userId) => Task.FromResult(RoomTransitions.Join(RoomId, S, userId, Fanout.Viewers));

    public Task<bool> IsValidStreamKey(string streamKey) => Task.FromResult(RoomTransitions.AcceptsStreamKey(S, streamKey));

    public Task<KeyRotation> RotateStreamKey(string actorId) => Life.RotateStreamKey(actorId);

    public Task<RoomResult> Comment(string userId, string displayName, string text, SubscriberBadge? badge) =>
        Task.FromResult(_record.Behind(_chat.Comment(S, userId, displayName, text, badge, NowMs, Fanout.Outbox)));

    public Task<RoomResult> Like(string userId, int count) => Task.FromResult(_record.Behind(_chat.Like(S, userId, count, NowMs)));

    public Task<GiftGate> CheckGift(string userId) =>
        Task.FromResult(GiftGates.Decide(S.Status, S.Banned.Contains(userId), S.HostBlocked.Contains(userId)));

    /// <summary>Gifts in bulk: a gateway sends what it collected for this room in a short window, in arrival order.</summary>
    public Task PublishGifts(IReadOnlyList<GiftEvent> gifts)
    {
        foreach (var gift in gifts)
        {
            PublishGift(gift);
        }
        return Task.CompletedTask;
    }

    public Task PublishGift(GiftEvent gift)
    {
        if (_board.Record(S, gift) is { } counted)
        {
            Fanout.Outbox.Add(counted);
            _record.Behind(RoomResult.Ok);
        }
        return Task.CompletedTask;
    }

    public Task PublishMatch(MatchView match)
    {
        Fanout.Publish(match);
        return Task.CompletedTask;
    }

    public Task<GiftGateSnapshot> GetGiftGate() =>
        Task.FromResult(new GiftGateSnapshot(S.Status, S.HostId, S.Banned.ToArray(), NowMs, S.HostBlocked.ToArray()));

    public Task<bool> SetHostBlocks(IReadOnlyList<string> blocked) => Life.SetHostBlocks(blocked);

    public Task ViewerBlocksChanged(string userId, IReadOnlyList<string> blocked)
    {
        Fanout.Outbox.Add(new ViewerBlocksChange(userId, blocked));
        return Task.CompletedTask;
    }

    public Task<RoomResult> SetModerator(string actorId, string userId, bool isModerator) =>
        Apply(RoomModerator.SetModerator(S, actorId, userId, isModerator, NowMs));

    public Task<RoomResult> Mute(string actorId, string userId, TimeSpan duration) => Apply(RoomModerator.Mute(S, actorId, userId, duration, NowMs));

    public Task<RoomResult> Ban(string actorId, string userId, bool banned) => Apply(RoomModerator.Ban(S, actorId, userId, banned, NowMs));

    public Task<RoomResult> DeleteComment(string actorId, long commentId) => Apply(RoomModerator.DeleteComment(S, actorId, commentId));

    public Task<RoomResult> SetSlowMode(string actorId, int seconds) => Apply(RoomModerator.SetSlowMode(S, actorId, seconds, NowMs));

    public Task<RoomResult> SetSubscribersOnly(string actorId, bool enabled) => Apply(RoomModerator.SetSubscribersOnly(S, actorId, enabled, NowMs));

    public Task<RoomResult> SetBlockedKeywords(string actorId, IReadOnlyList<string> keywords) =>
        Apply(RoomModerator.SetBlockedKeywords(S, actorId, keywords));

    public Task<RoomModeration?> GetModeration(string actorId) => Task.FromResult(RoomModerator.Snapshot(S, actorId, NowMs));

    public Task<RoomStatus> ReportPresence(string gatewayId, IRoomObserver observer, int viewers, int hostConnections = 0) =>
        Task.FromResult(Fanout.Report(gatewayId, observer, viewers, S.Status, NowMs, hostConnections));

    public Task<bool?> StudioConnected() => Task.FromResult(Fanout.StudioConnected(NowMs));

    public Task<IReadOnlyList<RoomComment>> CommentsBy(string userId) => Task.FromResult(CommentLog.By(S, userId));

    public async Task<int> ForgetUser(string userId)
    {
        var removed = CommentLog.RemoveUser(S, userId);
        if (removed.Count > 0)
        {
            await _record.Write();
        }
        foreach (var commentId in removed)
        {
            Fanout.Announce(new ModerationChange(RoomResult.Ok, DeletedComment: commentId));
        }
        return removed.Count;
    }

    public async Task<bool> Pseudonymise(string userId, string pseudonym)
    {
        var gifter = Privacy.Pseudonyms.Rename(S.Gifters, userId, pseudonym);
        // The deleted account's own room (ended by the deletion) names the tombstone and "Deleted user" as its host.
        var host = S.HostId == userId;
        if (host)
        {
            state.State = S with { HostId = pseudonym, HostDisplayName = Privacy.Pseudonyms.DisplayName };
        }
        if (!gifter && !host)
        {
            return false;
        }
        await _record.Write();
        if (gifter)
        {
            Fanout.Outbox.LeaderboardChanged();
        }
        return true;
    }

    private async Task Tick(CancellationToken ct)
    {
        var now = NowMs;
        if (Fanout.Housekeeping(now))
        {
            _chat.Sweep(now, S.SlowModeSeconds);
            if (await Life.Housekeep(now))
            {
                return;
            }
        }
        Fanout.FlushIfDue(S, now);
        if (Fanout.SaveDue(now, _record.Dirty))
        {
            await _record.WriteBehind(ct);
        }
    }

    private RoomInfo Info() => RoomTransitions.Info(RoomId, S, Fanout.Viewers);

    /// <summary>Writes a moderation change through, then announces it to viewers.</summary>
    private async Task<RoomResult> Apply(ModerationChange change)
    {
        if (change.Replaced is { } replaced)
        {
            _record.Replace(replaced);
        }
        if (change.Changed)
        {
            await _record.Write();
        }
        Fanout.Announce(change);
        return change.Result;
    }
}
