using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>The <c>commentDeleted</c> event: a moderator removed a comment.</summary>
[MessagePackObject]
public sealed record CommentDeletedPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("commentId")] long CommentId,
    [property: Key("sentAt")] long SentAt);
