using MessagePack;

namespace Stagecast.Rooms.Load;

/// <summary>Only the fields the tool reads; MessagePack skips the other keys of the server's maps.</summary>
[MessagePackObject]
public sealed record WireBatch(
    [property: Key("sentAt")] long SentAt,
    [property: Key("comments")] List<WireComment> Comments);

[MessagePackObject]
public sealed record WireComment([property: Key("at")] long At);

[MessagePackObject]
public sealed record WireSnapshot([property: Key("roomId")] string RoomId);
