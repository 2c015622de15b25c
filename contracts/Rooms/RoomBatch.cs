namespace Stagecast.Contracts.Rooms;

/// <summary>
/// What happened in a room during one batching window. Likes and viewers are coalesced (latest value, null when
/// unchanged); <see cref="SentAt"/> is the Unix-millisecond time the room grain sent the batch.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.RoomBatch")]
public sealed record RoomBatch(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long SentAt,
    [property: Id(2)] IReadOnlyList<RoomComment> Comments,
    [property: Id(3)] IReadOnlyList<GiftEvent> Gifts,
    [property: Id(4)] IReadOnlyList<long> DeletedComments,
    [property: Id(5)] IReadOnlyList<ModerationNotice> Moderation,
    [property: Id(6)] long? Likes,
    [property: Id(7)] int? Viewers,
    [property: Id(8)] IReadOnlyList<TopGifter>? TopGifters,
    [property: Id(9)] bool Ended)
{
    /// <summary>The room's LIVE Match when it changed in this window (null: unchanged).</summary>
    [Id(10)] public Stagecast.Contracts.Matches.MatchView? Match { get; init; }

    /// <summary>Gifts of this window left out of <see cref="Gifts"/> in a large room (null: none left out).</summary>
    [Id(11)] public GiftSummary? MoreGifts { get; init; }

    /// <summary>Why the room ended, when <see cref="Ended"/>.</summary>
    [Id(12)] public RoomEndReason EndReason { get; init; }

    /// <summary>Viewers' block lists that changed in this window, for the gateways' comment filters (never sent to clients).</summary>
    [Id(30)] public IReadOnlyList<ViewerBlocksChange>? ViewerBlocks { get; init; }
}
