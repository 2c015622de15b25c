using Microsoft.AspNetCore.SignalR;
using Stagecast.Gateway.Rooms.Payloads;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// What a /hubs/live client receives, one method per event (the wire names are in <see cref="LiveEvents"/>).
/// Viewers that joined with JoinRoom get the separate events; JoinRoomBatched viewers get only <see cref="Batch"/>.
/// </summary>
public interface ILiveClient
{
    /// <summary>A new comment.</summary>
    [HubMethodName(LiveEvents.Comment)]
    Task Comment(CommentPayload comment);

    /// <summary>A paid gift.</summary>
    [HubMethodName(LiveEvents.Gift)]
    Task Gift(GiftPayload gift);

    /// <summary>Gifts a large room did not send one by one in the last window: their number and coins.</summary>
    [HubMethodName(LiveEvents.MoreGifts)]
    Task MoreGifts(MoreGiftsPayload more);

    /// <summary>A host or moderator deleted a comment.</summary>
    [HubMethodName(LiveEvents.CommentDeleted)]
    Task CommentDeleted(CommentDeletedPayload deleted);

    /// <summary>A mute, ban, moderator or slow-mode change.</summary>
    [HubMethodName(LiveEvents.Moderation)]
    Task Moderation(ModerationPayload notice);

    /// <summary>The room's top gifters changed.</summary>
    [HubMethodName(LiveEvents.Leaderboard)]
    Task Leaderboard(LeaderboardPayload leaderboard);

    /// <summary>The room's like total, coalesced a few times a second.</summary>
    [HubMethodName(LiveEvents.Likes)]
    Task Likes(LikesPayload likes);

    /// <summary>The room's viewer count.</summary>
    [HubMethodName(LiveEvents.Viewers)]
    Task Viewers(ViewersPayload viewers);

    /// <summary>The room's LIVE Match changed: invitation, score, result (docs/match.md).</summary>
    [HubMethodName(LiveEvents.Match)]
    Task Match(Matches.MatchPayload match);

    /// <summary>The room ended; no more events follow.</summary>
    [HubMethodName(LiveEvents.RoomEnded)]
    Task RoomEnded(RoomEndedPayload ended);

    /// <summary>One batching window of everything above, for batched viewers.</summary>
    [HubMethodName(LiveEvents.Batch)]
    Task Batch(BatchPayload batch);
}
