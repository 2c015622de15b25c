namespace Stagecast.Contracts.Rooms;

/// <summary>The one gift-gate rule, used by the room grain and by the gateways' cached room snapshots.</summary>
public static class GiftGates
{
    /// <summary>Whether a user may gift into a room in <paramref name="status"/>, given whether the room banned them or its host blocked them.</summary>
    public static GiftGate Decide(RoomStatus status, bool banned, bool blocked = false) => status switch
    {
        RoomStatus.Unknown => GiftGate.UnknownRoom,
        RoomStatus.Created or RoomStatus.Ended => GiftGate.NotLive,
        _ when banned => GiftGate.Banned,
        _ when blocked => GiftGate.Blocked,
        _ => GiftGate.Allowed,
    };
}
