namespace Stagecast.Contracts.Rooms;

/// <summary>A live room as GET /api/live lists it.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.RoomListing")]
public sealed record RoomListing(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Title,
    [property: Id(2)] string HostId,
    [property: Id(3)] string HostDisplayName,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] int Viewers,
    [property: Id(6)] bool Reconnecting = false);
