namespace Stagecast.Contracts.Videos;

/// <summary>Every video's card (one grain, key "all"): the feed's candidate source and creators' video lists.</summary>
[Alias("Stagecast.IVideoCatalogGrain")]
public interface IVideoCatalogGrain : IGrainWithStringKey
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
    /// Videos that became ready since <paramref name="after"/> in this catalog activation (<paramref name="epoch"/>,
    /// from the previous answer): none on first contact (empty epoch), all it still holds after a reactivation.
    /// </summary>
    [Alias("NewsSince")]
    Task<VideoNews> NewsSince(string epoch, long after);

    /// <summary>
    /// Videos still uploaded or processing, cluster-wide: every gateway reads it to push <c>videoStatus</c> to the
    /// uploaders connected to it, whichever gateway took the upload.
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
