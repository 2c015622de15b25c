using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>The <c>comment</c> event; <c>at</c> is Unix milliseconds; <c>badge</c> is the author's subscriber badge (null for none).</summary>
[MessagePackObject]
public sealed record CommentPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("commentId")] long CommentId,
    [property: Key("userId")] string UserId,
    [property: Key("displayName")] string DisplayName,
    [property: Key("text")] string Text,
    [property: Key("at")] long At,
    [property: Key("badge")] BadgePayload? Badge = null);
