namespace Stagecast.Contracts.Rooms;

/// <summary>
/// Why a room ended, told to its viewers and its host (the studio stops publishing when the room ends elsewhere).
/// Over HTTP and the hub: host, moderator, removed, stream_lost, idle.
/// </summary>
public enum RoomEndReason
{
    /// <summary>Not ended, or ended before the reason was recorded.</summary>
    None,
    /// <summary>The host ended it (the studio's End live, the API, or the host deleting their account).</summary>
    Host,
    /// <summary>One of the room's moderators ended it.</summary>
    Moderator,
    /// <summary>The platform took it down: a report upheld or the host's account restricted.</summary>
    Removed,
    /// <summary>The publisher's stream dropped and did not come back within the reconnect grace.</summary>
    StreamLost,
    /// <summary>A room without media had no chat activity for the idle timeout.</summary>
    Idle,
}
