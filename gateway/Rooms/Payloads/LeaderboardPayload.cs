using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>The <c>leaderboard</c> event: the room's top gifters by coins, at most 10.</summary>
[MessagePackObject]
public sealed record LeaderboardPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("topGifters")] IReadOnlyList<TopGifterPayload> TopGifters,
    [property: Key("sentAt")] long SentAt);
