using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>The <c>viewers</c> event (coalesced); <c>sentAt</c> is when the room sent it, Unix milliseconds.</summary>
[MessagePackObject]
public sealed record ViewersPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("count")] int Count,
    [property: Key("sentAt")] long SentAt);
