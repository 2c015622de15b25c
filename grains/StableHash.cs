namespace Stagecast.Grains;

/// <summary>
/// FNV-1a (32-bit) over a string's UTF-16 code units: the same value in every process and version, unlike
/// <see cref="string.GetHashCode()"/>, so it can place things that several silos must agree on (ledger shards,
/// catalog shards, similarity buckets).
/// </summary>
public static class StableHash
{
    public static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
