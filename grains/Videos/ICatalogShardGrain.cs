using Orleans.Concurrency;
using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// One partition of the video catalog (key <c>all</c> for shard 0, the single catalog's old key, then <c>all-1</c>...):
/// the cards whose video id hashes to it (<see cref="CatalogShards"/>). Only <see cref="VideoCatalogGrain"/> calls it.
/// </summary>
[Alias("Stagecast.ICatalogShardGrain")]
public interface ICatalogShardGrain : IGrainWithStringKey
{
    /// <summary>Adds or refreshes a video's card.</summary>
    [Alias("Upsert")]
    Task Upsert(VideoCard card);

    /// <summary>Drops a deleted video (and refuses it if another shard hands it over later).</summary>
    [Alias("Remove")]
    Task Remove(string videoId);

    /// <summary>This shard's videos of a creator, newest first.</summary>
    [Alias("ByOwner")]
    Task<IReadOnlyList<VideoCard>> ByOwner(string ownerId, bool includeUnfinished);

    /// <summary>Videos that became ready since <paramref name="after"/> in this activation (<paramref name="epoch"/>); none on first contact.</summary>
    [Alias("NewsSince")]
    Task<ShardNews> NewsSince(string epoch, long after);

    /// <summary>This shard's videos still uploaded or processing, and those that finished in the last minute (their last card).</summary>
    [Alias("Unfinished")]
    Task<IReadOnlyList<VideoCard>> Unfinished();

    /// <summary>Adds regional engagement weight to one of this shard's videos.</summary>
    [Alias("AddRegionalHeat")]
    Task AddRegionalHeat(string videoId, IReadOnlyDictionary<string, double> weights);

    /// <summary>This shard's best entries of every candidate source, with their ranking keys, for the router to merge.</summary>
    [Alias("Candidates")]
    Task<ShardCandidates> Candidates(CandidateQuery query);

    /// <summary>
    /// Takes cards another shard held under a different shard count (or the single catalog before sharding). A card
    /// this shard already has (newer: its video grain wrote here) or removed in this activation is not taken.
    /// </summary>
    [Alias("Adopt"), AlwaysInterleave]
    Task Adopt(IReadOnlyList<CatalogEntry> entries);
}
