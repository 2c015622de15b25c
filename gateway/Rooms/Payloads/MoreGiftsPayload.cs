using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>
/// The <c>moreGifts</c> event (and a batch's <c>moreGifts</c>): gifts of one batching window that a large room did not
/// send one by one (docs/rooms.md, "Gifts in large rooms"): how many gifts and coins they were. Each of them is paid, on
/// the leaderboard and in any match score.
/// </summary>
[MessagePackObject]
public sealed record MoreGiftsPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("gifts")] int Gifts,
    [property: Key("coins")] long Coins,
    [property: Key("at")] long At);
