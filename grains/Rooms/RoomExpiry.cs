using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>Decides whether a live room has outlived its publisher (reconnect grace) or its chat (idle timeout).</summary>
internal static class RoomExpiry
{
    /// <summary>Why the room should end now (stream lost or idle), or null while it may stay live.</summary>
    public static RoomEndReason? Reason(LiveRoomState s, DateTimeOffset now, RoomLifecycleOptions options)
    {
        if (s.Status != RoomStatus.Live || s.MediaActive)
        {
            return null;
        }
        if (s.MediaLostAt is { } lost)
        {
            return now - lost >= options.ReconnectGrace ? RoomEndReason.StreamLost : null;
        }
        var lastActivity = s.LastActivityAt ?? s.StartedAt ?? s.CreatedAt;
        return now - lastActivity >= options.ChatIdleTimeout ? RoomEndReason.Idle : null;
    }
}
