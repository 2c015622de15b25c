namespace Stagecast.Grains.Rooms;

/// <summary>
/// When a live room ends by itself (configuration section "Stagecast:RoomLifecycle"): a room whose publisher went away
/// shows "reconnecting" for <see cref="ReconnectGrace"/>; a live room without media ends after <see cref="ChatIdleTimeout"/>
/// with no comment, like, gift or media.
/// </summary>
public sealed class RoomLifecycleOptions
{
    public const string Section = "Stagecast:RoomLifecycle";

    /// <summary>How long the host may take to publish again after media stopped before the room ends.</summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a live room that carries no media (chat only) may stay quiet before it ends.</summary>
    public TimeSpan ChatIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
