using Stagecast.Contracts.Rooms;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>Turns the grain's messages into the hub's wire shapes.</summary>
public static class PayloadMapper
{
    public static string StatusName(RoomStatus status) => status switch
    {
        RoomStatus.Created => "created",
        RoomStatus.Live => "live",
        RoomStatus.Ended => "ended",
        _ => "unknown",
    };

    /// <summary>As <see cref="StatusName(RoomStatus)"/>, but "reconnecting" while a live room waits for its publisher to come back.</summary>
    public static string StatusName(RoomInfo info) => info.Reconnecting ? "reconnecting" : StatusName(info.Status);

    /// <summary>A listed room is live, or reconnecting while it waits for its publisher.</summary>
    public static string StatusName(RoomListing listing) => listing.Reconnecting ? "reconnecting" : StatusName(RoomStatus.Live);

    /// <summary>Why a room ended as the API names it (<see cref="RoomEndReason"/>); null while it has not ended.</summary>
    public static string? EndReasonName(RoomEndReason reason) => reason switch
    {
        RoomEndReason.Host => "host",
        RoomEndReason.Moderator => "moderator",
        RoomEndReason.Removed => "removed",
        RoomEndReason.StreamLost => "stream_lost",
        RoomEndReason.Idle => "idle",
        _ => null,
    };

    public static CommentPayload Comment(string roomId, RoomComment c) => new(roomId, c.CommentId, c.UserId, c.DisplayName, c.Text, c.At, Badge(c.Badge));

    public static GiftPayload Gift(GiftEvent g) => new(
        g.RoomId, g.UserId, g.DisplayName, g.GiftId, g.GiftName, g.Animation, g.Count, g.Combo, g.Coins, g.RequestId,
        g.At.ToUnixTimeMilliseconds(), Badge(g.Badge));

    public static BadgePayload? Badge(Contracts.Subscriptions.SubscriberBadge? badge) => badge is null ? null : new(badge.TierId, badge.Months);

    public static ModerationPayload Moderation(string roomId, ModerationNotice m) => new(roomId, m.Action, m.UserId, m.Until, m.Seconds, m.At);

    public static IReadOnlyList<TopGifterPayload> TopGifters(IReadOnlyList<TopGifter> gifters) =>
        gifters.Select(g => new TopGifterPayload(g.UserId, g.DisplayName, g.Coins)).ToArray();

    public static RoomSnapshotPayload Snapshot(RoomInfo info, IReadOnlyList<RoomComment> comments) => new(
        info.RoomId, info.Title, info.HostId, info.HostDisplayName, StatusName(info), info.Viewers, info.Likes,
        TopGifters(info.TopGifters), info.StartedAt?.ToUnixTimeMilliseconds(), info.SlowModeSeconds,
        comments.Select(c => Comment(info.RoomId, c)).ToArray(), info.SubscribersOnly);

    public static BatchPayload Batch(RoomBatch b) => new(
        b.RoomId, b.SentAt,
        b.Comments.Select(c => Comment(b.RoomId, c)).ToArray(),
        b.Gifts.Select(Gift).ToArray(),
        b.DeletedComments,
        b.Moderation.Select(m => Moderation(b.RoomId, m)).ToArray(),
        b.Likes, b.Viewers,
        b.TopGifters is null ? null : TopGifters(b.TopGifters),
        b.Ended)
    {
        Match = b.Match is null ? null : Matches.MatchMapper.Payload(b.Match),
        MoreGifts = MoreGifts(b),
        EndedReason = EndReasonName(b.EndReason), // None (null) unless the batch ends the room
    };

    /// <summary>The batch's gifts left out in a large room, or null.</summary>
    public static MoreGiftsPayload? MoreGifts(RoomBatch b) =>
        b.MoreGifts is { } more ? new MoreGiftsPayload(b.RoomId, more.Gifts, more.Coins, b.SentAt) : null;
}
