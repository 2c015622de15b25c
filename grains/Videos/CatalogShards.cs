namespace Stagecast.Grains.Videos;

/// <summary>
/// Which catalog shard holds a video: FNV-1a of the id modulo the shard count (stable across processes and
/// versions, unlike <see cref="string.GetHashCode()"/>). Shard 0 keeps the single catalog's key, <c>all</c>.
/// </summary>
public static class CatalogShards
{
    public const int Max = 64;

    public static string Key(int shard) => shard == 0 ? "all" : $"all-{shard}";

    /// <summary>The shard number a key names, or -1.</summary>
    public static int IndexOf(string key) =>
        key == "all" ? 0
        : key.StartsWith("all-", StringComparison.Ordinal) && int.TryParse(key.AsSpan(4), out var i) && i > 0 ? i : -1;

    public static int Of(string videoId, int shards) => (int)(StableHash.Fnv1a(videoId) % (uint)shards);
}
