using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// One live room: lifecycle and stream key here; chat, moderation and fan-out in the other parts. The hot path
/// never awaits storage: events go into an in-memory batch that a timer sends once per gateway.
/// </summary>
public sealed partial class LiveRoomGrain(
    [PersistentState("room", "store")] IPersistentState<LiveRoomState> state,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger<LiveRoomGrain> logger) : Grain, ILiveRoomGrain
{
    private string RoomId => this.GetPrimaryKeyString();

    private LiveRoomState S => state.State;

    private long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Tick, TimeSpan.FromMilliseconds(TickMs), TimeSpan.FromMilliseconds(TickMs));
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
            Status = RoomStatus.Created,
            HostId = hostId,
            HostDisplayName = hostDisplayName,
            Title = title,
            StreamKey = NewStreamKey(),
            CreatedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        logger.LogInformation("Room {RoomId} opened by {HostId}", RoomId, hostId);
        return S.StreamKey;
    }

    public async Task<RoomResult> GoLive(string? actorId)
    {
        if (Gate(actorId is null ? null : Actor.Host, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        if (actorId is null)
        {
            state.State = S with { MediaActive = true };
        }
        if (S.Status == RoomStatus.Created)
        {
            state.State = S with { Status = RoomStatus.Live, StartedAt = clock.GetUtcNow() };
            logger.LogInformation("Room {RoomId} went live", RoomId);
            await PublishListing();
        }
        await state.WriteStateAsync();
        _dirty = false;
        return RoomResult.Ok;
    }

    public async Task MediaEnded()
    {
        if (S.MediaActive)
        {
            state.State = S with { MediaActive = false };
            await state.WriteStateAsync();
            _dirty = false;
        }
    }

    public async Task<RoomResult> End(string actorId)
    {
        if (Gate(Actor.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        state.State = S with { Status = RoomStatus.Ended, EndedAt = clock.GetUtcNow(), MediaActive = false };
        await state.WriteStateAsync();
        _dirty = false;
        logger.LogInformation("Room {RoomId} ended by {ActorId}", RoomId, actorId);
        _ended = true;
        Flush(NowMs);
        _leases.Clear();
        await grains.GetGrain<IRoomDirectoryGrain>(DirectoryKey).Remove(RoomId);
        return RoomResult.Ok;
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

    public Task<bool> IsValidStreamKey(string streamKey)
    {
        if (S.Status is not (RoomStatus.Created or RoomStatus.Live) || string.IsNullOrEmpty(streamKey))
        {
            return Task.FromResult(false);
        }
        var given = System.Text.Encoding.UTF8.GetBytes(streamKey);
        var expected = System.Text.Encoding.UTF8.GetBytes(S.StreamKey);
        return Task.FromResult(CryptographicOperations.FixedTimeEquals(given, expected));
    }

    public async Task<KeyRotation> RotateStreamKey(string actorId)
    {
        if (Gate(Actor.Host, actorId) is var denied and not RoomResult.Ok)
        {
            return new KeyRotation(denied, null);
        }
        state.State = S with { StreamKey = NewStreamKey() };
        await state.WriteStateAsync();
        _dirty = false;
        return new KeyRotation(RoomResult.Ok, S.StreamKey);
    }

    private RoomInfo Info() => new(
        RoomId, S.Title, S.HostId, S.HostDisplayName, S.Status, ViewerCount(), S.Likes, TopGifters(),
        S.CreatedAt, S.StartedAt, S.EndedAt, S.Moderators.ToArray(), S.SlowModeSeconds);

    private static string NewStreamKey() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private enum Actor
    {
        Host,
        Moderator,
    }

    /// <summary>Room open and the actor is the host (or, for Moderator, host or moderator); a null actor is the media path.</summary>
    private RoomResult Gate(Actor? role, string? actorId) => S.Status switch
    {
        RoomStatus.Unknown => RoomResult.UnknownRoom,
        RoomStatus.Ended => RoomResult.RoomEnded,
        _ when role is null => RoomResult.Ok,
        _ when actorId == S.HostId => RoomResult.Ok,
        _ when role == Actor.Moderator && actorId is not null && S.Moderators.Contains(actorId) => RoomResult.Ok,
        _ => RoomResult.NotAllowed,
    };
}
