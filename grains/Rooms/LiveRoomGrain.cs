using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// One live room: state, lifecycle and calls. The rules live in plain classes it holds: <see cref="RoomChat"/>
/// (comments, likes, rate limits), <see cref="RoomModerator"/> and <see cref="ModerationPolicy"/>, <see cref="GiftBoard"/>
/// (combos, top gifters), <see cref="RoomOutbox"/> and <see cref="GatewayLeases"/> (fan-out), <see cref="RoomSchedule"/>.
/// The hot path never awaits storage: events go into the outbox, which a timer sends once per gateway and window.
/// </summary>
public sealed class LiveRoomGrain(
    [PersistentState("room", "store")] IPersistentState<LiveRoomState> state,
    IGrainFactory grains,
    TimeProvider clock,
    IOptions<RoomLifecycleOptions> lifecycle,
    ILogger<LiveRoomGrain> logger) : Grain, ILiveRoomGrain
{
    private const string DirectoryKey = "live";
    private readonly GiftBoard _board = new();
    private readonly RoomOutbox _outbox = new();
    private readonly RoomChat _chat = new();
    private readonly GatewayLeases _leases = new();
    private readonly RoomSchedule _schedule = new();
    private bool _dirty;

    private string RoomId => this.GetPrimaryKeyString();

    private LiveRoomState S => state.State;

    private long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var tick = TimeSpan.FromMilliseconds(RoomSchedule.TickMs);
        this.RegisterGrainTimer(Tick, tick, tick);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<string?> Open(string hostId, string hostDisplayName, string title)
    {
        if (S.Status != RoomStatus.Unknown)
        {
            return null;
        }
        state.State = new LiveRoomState
        {
            Status = RoomStatus.Created, HostId = hostId, HostDisplayName = hostDisplayName, Title = title,
            StreamKey = StreamKeys.New(RoomId), CreatedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        logger.LogInformation("Room {RoomId} opened by {HostId}", RoomId, hostId);
        return S.StreamKey;
    }

    public async Task<RoomResult> GoLive(string? actorId)
    {
        if (Gate(actorId is null ? null : RoomRole.Host, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        if (actorId is null)
        {
            state.State = S with { MediaActive = true, MediaLostAt = null, LastActivityAt = clock.GetUtcNow() };
        }
        if (S.Status == RoomStatus.Created)
        {
            state.State = S with { Status = RoomStatus.Live, StartedAt = clock.GetUtcNow() };
            logger.LogInformation("Room {RoomId} went live", RoomId);
            await PublishListing();
        }
        await Save();
        return RoomResult.Ok;
    }

    public async Task MediaEnded()
    {
        if (S.MediaActive)
        {
            var now = clock.GetUtcNow();
            state.State = S with { MediaActive = false, MediaLostAt = S.Status == RoomStatus.Live ? now : null, LastActivityAt = now };
            await Save();
            logger.LogInformation("Room {RoomId}: media stopped, reconnecting for up to {Grace}", RoomId, lifecycle.Value.ReconnectGrace);
        }
    }

    public async Task<RoomResult> End(string actorId)
    {
        if (Gate(RoomRole.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        await Close();
        logger.LogInformation("Room {RoomId} ended by {ActorId}", RoomId, actorId);
        return RoomResult.Ok;
    }

    /// <summary>Ends the room for everyone: state written, viewers told (roomEnded), listing removed.</summary>
    private async Task Close()
    {
        state.State = S with { Status = RoomStatus.Ended, EndedAt = clock.GetUtcNow(), MediaActive = false, MediaLostAt = null };
        await Save();
        _outbox.Ended();
        Flush(NowMs);
        _leases.Clear();
        await grains.GetGrain<IRoomDirectoryGrain>(DirectoryKey).Remove(RoomId);
    }

    public Task<RoomInfo?> GetInfo() => Task.FromResult(S.Status == RoomStatus.Unknown ? null : Info());

    public Task<RoomJoin> Join(string? userId)
    {
        var result = S.Status switch
        {
            RoomStatus.Unknown => RoomResult.UnknownRoom,
            RoomStatus.Ended => RoomResult.RoomEnded,
            _ when userId is not null && S.Banned.Contains(userId) => RoomResult.Banned,
            _ => RoomResult.Ok,
        };
        return Task.FromResult(result == RoomResult.Ok
            ? new RoomJoin(result, Info(), S.Comments.ToArray())
            : new RoomJoin(result, null, []));
    }

    public Task<bool> IsValidStreamKey(string streamKey) => Task.FromResult(
        S.Status is RoomStatus.Created or RoomStatus.Live && StreamKeys.Matches(streamKey, S.StreamKey));

    public async Task<KeyRotation> RotateStreamKey(string actorId)
    {
        if (Gate(RoomRole.Host, actorId) is var denied and not RoomResult.Ok)
        {
            return new KeyRotation(denied, null);
        }
        state.State = S with { StreamKey = StreamKeys.New(RoomId) };
        await Save();
        return new KeyRotation(RoomResult.Ok, S.StreamKey);
    }

    public Task<RoomResult> Comment(string userId, string displayName, string text) =>
        Dirty(_chat.Comment(S, userId, displayName, text, NowMs, _outbox));

    public Task<RoomResult> Like(string userId, int count) => Dirty(_chat.Like(S, userId, count, NowMs));

    public Task<GiftGate> CheckGift(string userId) => Task.FromResult(GiftGates.Decide(S.Status, S.Banned.Contains(userId)));

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
            _outbox.Add(counted);
            _dirty = true;
            S.LastActivityAt = clock.GetUtcNow();
        }
        return Task.CompletedTask;
    }

    public Task PublishMatch(Stagecast.Contracts.Matches.MatchView match)
    {
        _outbox.Match(match);
        return Task.CompletedTask;
    }

    public Task<GiftGateSnapshot> GetGiftGate() =>
        Task.FromResult(new GiftGateSnapshot(S.Status, S.HostId, S.Banned.ToArray(), NowMs));

    public Task<RoomResult> SetModerator(string actorId, string userId, bool isModerator) =>
        Apply(RoomModerator.SetModerator(S, actorId, userId, isModerator, NowMs));

    public Task<RoomResult> Mute(string actorId, string userId, TimeSpan duration) =>
        Apply(RoomModerator.Mute(S, actorId, userId, duration, NowMs));

    public Task<RoomResult> Ban(string actorId, string userId, bool banned) =>
        Apply(RoomModerator.Ban(S, actorId, userId, banned, NowMs));

    public Task<RoomResult> DeleteComment(string actorId, long commentId) =>
        Apply(RoomModerator.DeleteComment(S, actorId, commentId));

    public Task<RoomResult> SetSlowMode(string actorId, int seconds) =>
        Apply(RoomModerator.SetSlowMode(S, actorId, seconds, NowMs));

    public Task<RoomResult> SetBlockedKeywords(string actorId, IReadOnlyList<string> keywords) =>
        Apply(RoomModerator.SetBlockedKeywords(S, actorId, keywords));

    public Task<RoomModeration?> GetModeration(string actorId) => Task.FromResult(RoomModerator.Snapshot(S, actorId, NowMs));

    public Task<RoomStatus> ReportPresence(string gatewayId, IRoomObserver observer, int viewers)
    {
        if (S.Status is RoomStatus.Unknown or RoomStatus.Ended)
        {
            _leases.Remove(gatewayId);
        }
        else
        {
            _leases.Report(gatewayId, observer, viewers, NowMs);
        }
        return Task.FromResult(S.Status);
    }

    private async Task Tick(CancellationToken ct)
    {
        var now = NowMs;
        if (_schedule.HousekeepingDue(now))
        {
            foreach (var expired in _leases.Expire(now))
            {
                logger.LogInformation("Room {RoomId}: gateway {GatewayId} lease expired", RoomId, expired);
            }
            _chat.Sweep(now, S.SlowModeSeconds);
            if (RoomExpiry.Reason(S, clock.GetUtcNow(), lifecycle.Value) is { } reason)
            {
                await Close();
                logger.LogInformation("Room {RoomId} ended by itself: {Reason}", RoomId, reason);
                return;
            }
            if (_schedule.ListingDue(now, S.Status == RoomStatus.Live, _leases.Viewers()))
            {
                await PublishListing();
            }
        }
        if (_schedule.FlushDue(now, _leases.Viewers()))
        {
            Flush(now);
        }
        if (_schedule.SaveDue(now, _dirty))
        {
            _dirty = false;
            await state.WriteStateAsync(ct);
        }
    }

    private async Task PublishListing()
    {
        var viewers = _leases.Viewers();
        _schedule.Listed(viewers);
        await grains.GetGrain<IRoomDirectoryGrain>(DirectoryKey).Upsert(
            new RoomListing(RoomId, S.Title, S.HostId, S.HostDisplayName, S.StartedAt ?? S.CreatedAt, viewers));
    }

    private void Flush(long now)
    {
        _schedule.Flushed(now);
        if (_outbox.Take(RoomId, now, S.Likes, _leases.Viewers(), () => GiftBoard.TopGifters(S)) is { } batch)
        {
            _leases.Send(batch, (gatewayId, exception) =>
                logger.LogWarning(exception, "Room {RoomId}: batch to gateway {GatewayId} failed", RoomId, gatewayId));
        }
    }

    private RoomInfo Info() => new(
        RoomId, S.Title, S.HostId, S.HostDisplayName, S.Status, _leases.Viewers(), S.Likes, GiftBoard.TopGifters(S),
        S.CreatedAt, S.StartedAt, S.EndedAt, S.Moderators.ToArray(), S.SlowModeSeconds,
        S.Status == RoomStatus.Live && S.MediaLostAt is not null);

    private RoomResult Gate(RoomRole? role, string? actorId) => ModerationPolicy.Gate(S, role, actorId);

    /// <summary>Chat is written behind: an accepted comment or like only marks the state dirty.</summary>
    private Task<RoomResult> Dirty(RoomResult result)
    {
        if (result == RoomResult.Ok)
        {
            _dirty = true;
            S.LastActivityAt = clock.GetUtcNow();
        }
        return Task.FromResult(result);
    }

    private async Task Save()
    {
        await state.WriteStateAsync();
        _dirty = false;
    }

    /// <summary>Writes a moderation change through, then announces it to viewers.</summary>
    private async Task<RoomResult> Apply(ModerationChange change)
    {
        if (change.Replaced is { } replaced)
        {
            state.State = replaced;
        }
        if (change.Changed)
        {
            await Save();
        }
        if (change.Notice is { } notice)
        {
            _outbox.Add(notice);
        }
        if (change.DeletedComment is { } commentId)
        {
            _outbox.Deleted(commentId);
        }
        return change.Result;
    }
}
