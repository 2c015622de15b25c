using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>
/// The <c>batch</c> event for clients that joined with JoinRoomBatched: one message per batching window holding
/// what the separate events would carry. Null counters and leaderboard mean unchanged.
/// </summary>
[MessagePackObject]
public sealed record BatchPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("sentAt")] long SentAt,
    [property: Key("comments")] IReadOnlyList<CommentPayload> Comments,
    [property: Key("gifts")] IReadOnlyList<GiftPayload> Gifts,
    [property: Key("deletedComments")] IReadOnlyList<long> DeletedComments,
    [property: Key("moderation")] IReadOnlyList<ModerationPayload> Moderation,
    [property: Key("likes")] long? Likes,
    [property: Key("viewers")] int? Viewers,
    [property: Key("topGifters")] IReadOnlyList<TopGifterPayload>? TopGifters,
    [property: Key("ended")] bool Ended)
{
    /// <summary>The room's LIVE Match when it changed (null: unchanged), as the <c>match</c> event carries it.</summary>
    [Key("match")]
    public Stagecast.Gateway.Matches.MatchPayload? Match { get; init; }

    /// <summary>Gifts of this window left out of <see cref="Gifts"/> in a large room (null: none).</summary>
    [Key("moreGifts")]
    public MoreGiftsPayload? MoreGifts { get; init; }

    /// <summary>Why the room ended when <see cref="Ended"/> (as <c>roomEnded</c>'s reason), else null.</summary>
    [Key("endedReason")]
    public string? EndedReason { get; init; }
}
