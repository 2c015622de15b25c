namespace Stagecast.Contracts.Rooms;

/// <summary>The outcome of a room command; each failure maps to one stable client error code.</summary>
public enum RoomResult
{
    Ok,
    UnknownRoom,
    RoomEnded,
    NotAllowed,
    Banned,
    Muted,
    RateLimited,
    InvalidText,
    InvalidArgument,
    /// <summary>The host blocked this user.</summary>
    Blocked,
    SubscribersOnly,
}
