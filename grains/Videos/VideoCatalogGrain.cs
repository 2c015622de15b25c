using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// The video catalog as callers see it: a stateless router on every silo over <see cref="CatalogOptions.Shards"/>
/// catalog shards. A card goes to the shard its video id hashes to; reads ask every shard and merge, the candidate
/// pools by their ranking keys (<see cref="CandidateIndex.Assemble"/>), so a feed is the same with any shard count.
/// Its grain type is its own: "videocatalog" stays the shards' (<see cref="CatalogShardGrain"/>), where the state is.
/// </summary>
[StatelessWorker, Reentrant, GrainType("videocatalog-router")]
public sealed class VideoCatalogGrain(IGrainFactory grains, IOptions<CatalogOptions> options, TimeProvider clock) : Grain, IVideoCatalogGrain
{
    private int Count => options.Value.Shards;

    private ICatalogShardGrain Shard(int shard) => grains.GetGrain<ICatalogShardGrain>(CatalogShards.Key(shard));

    private ICatalogShardGrain ShardOf(string videoId) => Shard(CatalogShards.Of(videoId, Count));

    private Task<T[]> All<T>(Func<ICatalogShardGrain, Task<T>> call) => Task.WhenAll(Enumerable.Range(0, Count).Select(i => call(Shard(i))));

    public Task Upsert(VideoCard card) => ShardOf(card.VideoId).Upsert(card);

    // Every shard: a copy may still sit where an earlier shard count put it, until that shard hands it over.
    public Task Remove(string videoId) => All(async s => { await s.Remove(videoId); return 0; });

    public Task AddRegionalHeat(string videoId, IReadOnlyDictionary<string, double> weights) => ShardOf(videoId).AddRegionalHeat(videoId, weights);

    public async Task<IReadOnlyList<VideoCard>> ByOwner(string ownerId, bool includeUnfinished) =>
        [.. (await All(s => s.ByOwner(ownerId, includeUnfinished))).SelectMany(c => c).DistinctBy(c => c.VideoId)
            .OrderByDescending(c => c.CreatedAt.ToUnixTimeMilliseconds()).ThenBy(c => c.VideoId, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<VideoCard>> Unfinished() => [.. (await All(s => s.Unfinished())).SelectMany(c => c)];

    // The cursor is each shard's "epoch:last", comma-separated; a part that does not parse is a first contact there.
    public async Task<VideoNews> NewsSince(string cursor)
    {
        var parts = cursor.Split(',');
        var news = await Task.WhenAll(Enumerable.Range(0, Count).Select(i =>
        {
            var part = i < parts.Length ? parts[i].Split(':') : [];
            return part.Length == 2 && long.TryParse(part[1], out var after)
                ? Shard(i).NewsSince(part[0], after)
                : Shard(i).NewsSince("", 0);
        }));
        return new VideoNews(string.Join(',', news.Select(n => $"{n.Epoch}:{n.Last}")), [.. news.SelectMany(n => n.Cards)]);
    }

    public async Task<CandidatePools> Candidates(CandidateQuery query)
    {
        // One instant for every shard, so heat decays alike wherever a video lives.
        var at = query with { AtMs = query.AtMs > 0 ? query.AtMs : clock.GetUtcNow().ToUnixTimeMilliseconds() };
        return CandidateIndex.Assemble(await All(s => s.Candidates(at)), query.PerPool, query.Similar);
    }
}
