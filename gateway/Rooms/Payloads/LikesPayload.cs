using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>The <c>likes</c> event (coalesced running total).</summary>
[MessagePackObject]
public sealed record LikesPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("total")] long Total,
    [property: Key("sentAt")] long SentAt);
