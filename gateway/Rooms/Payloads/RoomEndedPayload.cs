using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>The <c>roomEnded</c> event.</summary>
[MessagePackObject]
public sealed record RoomEndedPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("sentAt")] long SentAt);
