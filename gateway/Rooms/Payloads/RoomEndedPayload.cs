using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>
/// The <c>roomEnded</c> event; <c>reason</c> is host, moderator, removed (the platform took it down), stream_lost or
/// idle (see <see cref="Stagecast.Contracts.Rooms.RoomEndReason"/>), null when not recorded.
/// </summary>
[MessagePackObject]
public sealed record RoomEndedPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("sentAt")] long SentAt,
    [property: Key("reason")] string? Reason);
