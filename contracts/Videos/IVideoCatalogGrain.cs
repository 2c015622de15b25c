namespace Stagecast.Contracts.Videos;

/// <summary>
/// Every video's card: the feed's candidate source and creators' video lists. A stateless router on each silo (call
/// it with key 0) over the catalog's shards, which are partitioned by a hash of the video id (<c>Feed:CatalogShards</c>).
/// </summary>
[Alias("Stagecast.IVideoCatalogGrain")]
public interface IVideoCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or refreshes a video's card.</summary>
    [Alias("Upsert")]
    Task Upsert(VideoCard card);

    /// <summary>Drops a deleted video.</summary>
    [Alias("Remove")]
    Task Remove(string videoId);

    /// <summary>A creator's videos, newest first (ready only unless <paramref name="includeUnfinished"/>).</summary>
    [Alias("ByOwner")]
    Task<IReadOnlyList<VideoCard>> ByOwner(string ownerId, bool includeUnfinished);

    /// <summary>
    /// Videos that became ready since <paramref name="cursor"/> (from the previous answer): none on first contact
    /// (empty cursor), all a shard still holds after that shard was reactivated.
    /// </summary>
    [Alias("NewsSince")]
    Task<VideoNews> NewsSince(string cursor);

    /// <summary>
    /// Videos still uploaded or processing, cluster-wide, and those that finished (ready, failed, deleted) in the last
    /// minute: every gateway reads it to push <c>videoStatus</c> to the uploaders connected to it, whichever gateway
    /// took the upload, and a video that finished between two of its reads still gets its end pushed.
    /// </summary>
    [Alias("Unfinished")]
    Task<IReadOnlyList<VideoCard>> Unfinished();

    /// <summary>Adds engagement weight a video gained from viewers in these regions (its regional trending heat).</summary>
    [Alias("AddRegionalHeat")]
    Task AddRegionalHeat(string videoId, IReadOnlyDictionary<string, double> weights);

    /// <summary>Ready videos from these sources: followed creators, trending, interest hashtags and fresh.</summary>
    [Alias("Candidates")]
    Task<CandidatePools> Candidates(CandidateQuery query);
}
