using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>A video id with its ranking key in one candidate source (recency in ms, or <see cref="TrendHeat.Key"/>).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.RankedId")]
public readonly record struct RankedId([property: Id(0)] double Key, [property: Id(1)] string Id);

/// <summary>
/// One shard's best entries per candidate source, best first (at most the query's per-pool count each), the cards
/// they name, each card's heat at the query's instant, overall and (where it has any) in the query's region, and
/// whether this shard has heat from that region at all. <see cref="CandidateIndex.Assemble"/> merges shards.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.ShardCandidates")]
public sealed record ShardCandidates(
    [property: Id(0)] IReadOnlyList<RankedId> Followed,
    [property: Id(1)] IReadOnlyList<RankedId> Regional,
    [property: Id(2)] IReadOnlyList<RankedId> Hot,
    [property: Id(3)] IReadOnlyList<RankedId> Recent,
    [property: Id(4)] IReadOnlyList<RankedId> TagHot,
    [property: Id(5)] IReadOnlyList<RankedId> TagRecent,
    [property: Id(6)] IReadOnlyList<RankedId> Fresh,
    [property: Id(7)] IReadOnlyDictionary<string, VideoCard> Cards,
    [property: Id(8)] IReadOnlyDictionary<string, double> Heat,
    [property: Id(9)] IReadOnlyDictionary<string, double> RegionalHeat,
    [property: Id(10)] bool RegionKnown)
{
    /// <summary>The query's similarity picks this shard holds ready (their cards and heat are in the maps above).</summary>
    [Id(11)] public IReadOnlyList<string>? Similar { get; init; }
}

/// <summary>One shard's news: its activation, its last number, and the videos that became ready after the reader's.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.ShardNews")]
public sealed record ShardNews([property: Id(0)] string Epoch, [property: Id(1)] long Last, [property: Id(2)] IReadOnlyList<VideoCard> Cards);

/// <summary>A card handed from one shard to another with its heat, overall and per region.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.CatalogEntry")]
public sealed record CatalogEntry(
    [property: Id(0)] VideoCard Card,
    [property: Id(1)] TrendHeat? Heat,
    [property: Id(2)] IReadOnlyDictionary<string, TrendHeat> Regional);
