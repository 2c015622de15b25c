namespace Stagecast.Contracts.Rooms;

/// <summary>The public view of a room, as GET /api/live/{roomId} shows it.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.RoomInfo")]
public sealed record RoomInfo(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Title,
    [property: Id(2)] string HostId,
    [property: Id(3)] string HostDisplayName,
    [property: Id(4)] RoomStatus Status,
    [property: Id(5)] int Viewers,
    [property: Id(6)] long Likes,
    [property: Id(7)] IReadOnlyList<TopGifter> TopGifters,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? StartedAt,
    [property: Id(10)] DateTimeOffset? EndedAt,
    [property: Id(11)] IReadOnlyList<string> Moderators,
    [property: Id(12)] int SlowModeSeconds,
    [property: Id(13)] bool Reconnecting = false,
    [property: Id(14)] bool SubscribersOnly = false,
    [property: Id(15)] RoomEndReason EndReason = RoomEndReason.None);
