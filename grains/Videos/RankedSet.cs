namespace Stagecast.Grains.Videos;

/// <summary>
/// Video ids ordered by a key, best first, with O(log n) update and lazy top-n reads. Keys are fixed points in
/// time-invariant form (recency, or <see cref="TrendHeat.Key"/>), so decay never reorders the set.
/// </summary>
public sealed class RankedSet
{
    private readonly SortedSet<(double Key, string Id)> _order = new(Comparer<(double Key, string Id)>.Create(
        (a, b) => a.Key != b.Key ? b.Key.CompareTo(a.Key) : string.CompareOrdinal(a.Id, b.Id)));
    private readonly Dictionary<string, double> _keys = [];

    public int Count => _keys.Count;

    public void Set(string id, double key)
    {
        if (_keys.TryGetValue(id, out var old))
        {
            if (old == key)
            {
                return;
            }
            _order.Remove((old, id));
        }
        _keys[id] = key;
        _order.Add((key, id));
    }

    public bool Remove(string id)
    {
        if (!_keys.Remove(id, out var old))
        {
            return false;
        }
        _order.Remove((old, id));
        return true;
    }

    /// <summary>Ids best first; enumerating the first n costs O(n + log size).</summary>
    public IEnumerable<string> Top() => _order.Select(e => e.Id);

    /// <summary>Entries best first, with their keys (for merging several sets).</summary>
    public IEnumerable<(double Key, string Id)> Entries() => _order;
}
