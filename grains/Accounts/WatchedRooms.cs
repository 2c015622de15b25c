using System.Collections.Immutable;

namespace Stagecast.Grains.Accounts;

/// <summary>
/// The rooms a user joined lately to watch, kept in their block-list grain's state, so a change of their blocks is sent
/// through those rooms' fan-out to every gateway holding them, also after the grain was deactivated or its silo died.
/// The newest <see cref="Max"/>, none older than <see cref="Keep"/>; a room they left gets a harmless notice. A join
/// writes only when the room is new to the list or its stamp is older than <see cref="Refresh"/>, so a viewer who
/// rejoins the same room (reconnects, page reloads) costs no storage write.
/// </summary>
internal static class WatchedRooms
{
    public const int Max = 32;

    public static readonly TimeSpan Keep = TimeSpan.FromHours(6);

    public static readonly TimeSpan Refresh = TimeSpan.FromMinutes(10);

    /// <summary>The list with <paramref name="roomId"/> stamped <paramref name="now"/>, or null when it is already listed recently enough.</summary>
    public static ImmutableDictionary<string, DateTimeOffset>? Add(ImmutableDictionary<string, DateTimeOffset> rooms, string roomId, DateTimeOffset now)
    {
        if (rooms.TryGetValue(roomId, out var at) && now - at < Refresh)
        {
            return null;
        }
        var next = Current(rooms, now).SetItem(roomId, now);
        return next.Count > Max ? next.Remove(next.MinBy(r => r.Value).Key) : next;
    }

    /// <summary>The rooms watched within <see cref="Keep"/>.</summary>
    public static ImmutableDictionary<string, DateTimeOffset> Current(ImmutableDictionary<string, DateTimeOffset> rooms, DateTimeOffset now) =>
        rooms.RemoveRange(rooms.Where(r => now - r.Value > Keep).Select(r => r.Key));
}
