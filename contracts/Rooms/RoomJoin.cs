namespace Stagecast.Contracts.Rooms;

/// <summary>The answer to a join: the room and its last comments, or why the user may not watch.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.RoomJoin")]
public sealed record RoomJoin(
    [property: Id(0)] RoomResult Result,
    [property: Id(1)] RoomInfo? Info,
    [property: Id(2)] IReadOnlyList<RoomComment> Comments);
