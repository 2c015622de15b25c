using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Rooms.Payloads;

namespace Stagecast.Gateway.Rooms;

/// <summary>Joining, leaving, comments and likes. Anyone may watch; commenting and liking need an account.</summary>
public sealed partial class LiveHub
{
    private const string DisplayNameKey = "stagecast.displayName";

    private IServiceProvider Services => Context.GetHttpContext()!.RequestServices;

    private RoomFanout Fanout => Services.GetRequiredService<RoomFanout>();

    /// <summary>Joins a room: separate events (comment, gift, viewers, likes, ...) follow; returns the snapshot.</summary>
    public Task<RoomSnapshotPayload> JoinRoom(string roomId) => Join(roomId, batched: false);

    /// <summary>Joins a room in batched mode: one <c>batch</c> event per window instead of separate events (for large rooms and load tools).</summary>
    public Task<RoomSnapshotPayload> JoinRoomBatched(string roomId) => Join(roomId, batched: true);

    /// <summary>Stops receiving the room's events.</summary>
    public async Task LeaveRoom(string roomId)
    {
        if (RoomErrors.IsRoomId(roomId))
        {
            await Fanout.RemoveAsync(roomId, Context.ConnectionId);
        }
    }

    /// <summary>Posts a comment; every viewer gets <c>comment</c>.</summary>
    public async Task SendComment(string roomId, string text)
    {
        var userId = RequireUser(roomId);
        var displayName = await DisplayName(userId);
        var result = await Grains.GetGrain<ILiveRoomGrain>(roomId).Comment(userId, displayName, text ?? "");
        if (result != RoomResult.Ok)
        {
            throw RoomErrors.Hub(result);
        }
    }

    /// <summary>Adds 1..100 likes; viewers get the coalesced <c>likes</c> total a few times a second.</summary>
    public async Task Like(string roomId, int count)
    {
        var userId = RequireUser(roomId);
        var result = await Grains.GetGrain<ILiveRoomGrain>(roomId).Like(userId, count);
        if (result != RoomResult.Ok)
        {
            throw RoomErrors.Hub(result);
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await Fanout.RemoveConnectionAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    private async Task<RoomSnapshotPayload> Join(string roomId, bool batched)
    {
        if (!RoomErrors.IsRoomId(roomId))
        {
            throw RoomErrors.Hub(RoomResult.UnknownRoom);
        }
        var userId = Context.User?.UserId();
        var delivery = batched
            ? new BatchedConnection(Services.GetRequiredService<LiveHubConnections>().Find(Context.ConnectionId)
                ?? throw HubErrors.Error(RoomErrors.NotAllowed, "The connection is closing."))
            : null;
        // Subscribe first, so nothing sent after the snapshot is missed (clients may see an event twice, keyed by id).
        await Fanout.AddAsync(roomId, new RoomMember(Context.ConnectionId, userId, delivery));
        var join = await Grains.GetGrain<ILiveRoomGrain>(roomId).Join(userId);
        if (join.Result != RoomResult.Ok || join.Info is null)
        {
            await Fanout.RemoveAsync(roomId, Context.ConnectionId);
            throw RoomErrors.Hub(join.Result);
        }
        var info = join.Info with { Viewers = Math.Max(join.Info.Viewers, Fanout.LocalViewers(roomId)) };
        return PayloadMapper.Snapshot(info, join.Comments);
    }

    private string RequireUser(string roomId)
    {
        if (!RoomErrors.IsRoomId(roomId))
        {
            throw RoomErrors.Hub(RoomResult.UnknownRoom);
        }
        return Context.User?.UserId() ?? throw HubErrors.Error(RoomErrors.AuthRequired, "Sign in to comment, like or gift.");
    }

    private async Task<string> DisplayName(string userId)
    {
        if (Context.Items.TryGetValue(DisplayNameKey, out var cached) && cached is string name)
        {
            return name;
        }
        var profile = await Grains.GetGrain<IUserGrain>(userId).GetProfile()
            ?? throw HubErrors.Error(RoomErrors.NotAllowed, "The account no longer exists.");
        Context.Items[DisplayNameKey] = profile.DisplayName;
        return profile.DisplayName;
    }
}
