using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Gifts;
using Stagecast.Gateway.Rooms.Payloads;
using Stagecast.Gateway.Videos;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// The live-room hub at /hubs/live: the methods clients invoke, each handed to the injected class that does it
/// (watching: <see cref="RoomViewers"/>; comments, likes and moderation: <see cref="RoomCommands"/>; gifts:
/// <see cref="GiftCommands"/>; a feed video's live counts: <see cref="VideoCountsPush"/>). The events clients receive
/// are <see cref="ILiveClient"/>. Anyone may watch; everything else needs an account.
/// </summary>
public sealed class LiveHub(RoomViewers viewers, RoomCommands rooms, GiftCommands gifts, VideoCountsPush videoCounts) : Hub<ILiveClient>
{
    private string? UserId => Context.User?.UserId();

    /// <summary>Joins a room: separate events (comment, gift, viewers, likes, ...) follow; returns the snapshot.</summary>
    public Task<RoomSnapshotPayload> JoinRoom(string roomId) => viewers.JoinAsync(Context.ConnectionId, UserId, roomId, batched: false);

    /// <summary>Joins a room in batched mode: one <c>batch</c> event per window instead of separate events (for large rooms and load tools).</summary>
    public Task<RoomSnapshotPayload> JoinRoomBatched(string roomId) => viewers.JoinAsync(Context.ConnectionId, UserId, roomId, batched: true);

    /// <summary>Stops receiving the room's events.</summary>
    public Task LeaveRoom(string roomId) => viewers.LeaveAsync(Context.ConnectionId, roomId);

    /// <summary>Posts a comment; every viewer gets <c>comment</c>.</summary>
    public Task SendComment(string roomId, string text) => rooms.CommentAsync(UserId, roomId, text);

    /// <summary>Adds 1..100 likes; viewers get the coalesced <c>likes</c> total a few times a second.</summary>
    public Task Like(string roomId, int count) => rooms.LikeAsync(UserId, roomId, count);

    /// <summary>Sends <paramref name="count"/> gifts to the room's host; the same request id twice moves coins once and returns the same receipt.</summary>
    public Task<GiftReceiptResponse> SendGift(string roomId, string giftId, int count, string requestId) =>
        gifts.SendAsync(UserId, roomId, giftId, count, requestId);

    /// <summary>Deletes a comment; viewers get commentDeleted.</summary>
    public Task DeleteComment(string roomId, long commentId) =>
        rooms.ModerateAsync(UserId, roomId, (g, actor) => g.DeleteComment(actor, commentId));

    /// <summary>Mutes a user for 1 s to 7 days; 0 unmutes.</summary>
    public Task MuteUser(string roomId, string userId, int seconds) =>
        seconds < 0 ? throw RoomErrors.Hub(RoomResult.InvalidArgument)
            : rooms.ModerateAsync(UserId, roomId, (g, actor) => g.Mute(actor, userId ?? "", TimeSpan.FromSeconds(seconds)));

    /// <summary>Bans a user from the room (removed now, cannot rejoin).</summary>
    public Task BanUser(string roomId, string userId) => rooms.ModerateAsync(UserId, roomId, (g, actor) => g.Ban(actor, userId ?? "", true));

    /// <summary>Slow mode: one comment per N seconds per user; 0 turns it off.</summary>
    public Task SetSlowMode(string roomId, int seconds) => rooms.ModerateAsync(UserId, roomId, (g, actor) => g.SetSlowMode(actor, seconds));

    /// <summary>Subscriber-only chat on or off (host or moderator); viewers get moderation {action: subscribersOnly | allChat}.</summary>
    public Task SetSubscribersOnly(string roomId, bool enabled) =>
        rooms.ModerateAsync(UserId, roomId, (g, actor) => g.SetSubscribersOnly(actor, enabled));

    /// <summary>Ends the room; everyone gets roomEnded.</summary>
    public Task EndRoom(string roomId) => rooms.ModerateAsync(UserId, roomId, (g, actor) => g.End(actor));

    /// <summary>The feed video on screen (null: none): returns its like and comment counts; <c>videoCounts</c> follows each change.</summary>
    public Task<VideoCountsPayload?> WatchVideo(string? videoId) => videoCounts.WatchAsync(Context.ConnectionId, videoId);

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        videoCounts.Disconnected(Context.ConnectionId);
        await viewers.DisconnectedAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
