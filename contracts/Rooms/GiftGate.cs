namespace Stagecast.Contracts.Rooms;

/// <summary>Whether a user may send a gift into a room right now.</summary>
public enum GiftGate
{
    Allowed,
    UnknownRoom,
    NotLive,
    Banned,
    /// <summary>The room's host blocked this user.</summary>
    Blocked,
}
