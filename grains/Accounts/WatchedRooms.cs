namespace Stagecast.Grains.Accounts;

/// <summary>
/// The rooms a user joined lately to watch, kept in memory by their block-list grain (a join costs no storage write),
/// so a change of their blocks is sent through those rooms' fan-out to every gateway holding them. The newest
/// <see cref="Max"/>, none older than <see cref="Keep"/>; a room they left gets a harmless notice.
/// </summary>
internal sealed class WatchedRooms
{
    public const int Max = 32;

    public static readonly TimeSpan Keep = TimeSpan.FromHours(6);

    private readonly Dictionary<string, DateTimeOffset> _rooms = new(StringComparer.Ordinal);

    public void Add(string roomId, DateTimeOffset now)
    {
        _rooms[roomId] = now;
        if (_rooms.Count > Max)
        {
            _rooms.Remove(_rooms.MinBy(r => r.Value).Key);
        }
    }

    public string[] Current(DateTimeOffset now)
    {
        foreach (var old in _rooms.Where(r => now - r.Value > Keep).Select(r => r.Key).ToArray())
        {
            _rooms.Remove(old);
        }
        return _rooms.Keys.ToArray();
    }
}
