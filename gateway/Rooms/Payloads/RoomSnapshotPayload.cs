using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>What JoinRoom returns: the room as GET /api/live/{roomId} shows it, plus its last 50 comments (oldest first).</summary>
[MessagePackObject]
public sealed record RoomSnapshotPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("title")] string Title,
    [property: Key("hostId")] string HostId,
    [property: Key("hostDisplayName")] string HostDisplayName,
    [property: Key("status")] string Status,
    [property: Key("viewers")] int Viewers,
    [property: Key("likes")] long Likes,
    [property: Key("topGifters")] IReadOnlyList<TopGifterPayload> TopGifters,
    [property: Key("startedAt")] long? StartedAt,
    [property: Key("slowModeSeconds")] int SlowModeSeconds,
    [property: Key("comments")] IReadOnlyList<CommentPayload> Comments,
    [property: Key("subscribersOnly")] bool SubscribersOnly = false);
