namespace Stagecast.Contracts.Rooms;

/// <summary>A moderation action viewers are told about: "mute", "unmute", "ban", "unban", "slowMode", "moderator", "unmoderator", "subscribersOnly", "allChat".</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.ModerationNotice")]
public sealed record ModerationNotice(
    [property: Id(0)] string Action,
    [property: Id(1)] string? UserId,
    [property: Id(2)] long? Until,
    [property: Id(3)] int? Seconds,
    [property: Id(4)] long At);
