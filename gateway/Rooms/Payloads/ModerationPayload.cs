using MessagePack;

namespace Stagecast.Gateway.Rooms.Payloads;

/// <summary>
/// The <c>moderation</c> event: <c>action</c> is mute, unmute, ban, unban, slowMode, moderator or unmoderator;
/// <c>until</c> (mute) is Unix milliseconds; <c>seconds</c> is the mute length or the slow-mode interval.
/// </summary>
[MessagePackObject]
public sealed record ModerationPayload(
    [property: Key("roomId")] string RoomId,
    [property: Key("action")] string Action,
    [property: Key("userId")] string? UserId,
    [property: Key("until")] long? Until,
    [property: Key("seconds")] int? Seconds,
    [property: Key("at")] long At);
