using Stagecast.Contracts.Videos;
using Stagecast.Grains.Videos;

namespace Stagecast.Grains.Tests.Videos;

/// <summary>The incremental candidate index returns what a full scan of the catalog would, without scanning.</summary>
public sealed class CandidateIndexTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Trending_orders_by_heat_decayed_to_now_not_by_heat_when_last_touched()
    {
        var index = new CandidateIndex();
        var now = Epoch.AddHours(12).ToUnixTimeMilliseconds();
        // 100 six hours ago is 50 now; 60 touched now beats it, though 100 > 60.
        index.Put(Card("old-hot", "a", 0), new TrendHeat(100, now - (long)TrendHeat.HalfLife.TotalMilliseconds));
        index.Put(Card("new-warm", "b", 1), new TrendHeat(60, now));
        index.Put(Card("cold", "c", 2), null);

        var pools = index.Candidates(new CandidateQuery([], [], 10), now);
        Assert.Equal(["new-warm", "old-hot", "cold"], pools.Trending.Select(c => c.VideoId));
        Assert.Equal(50, pools.Heat["old-hot"], 6);
    }

    [Fact]
    public void A_video_leaves_the_fresh_pool_with_impressions_and_every_pool_when_removed_or_unfinished()
    {
        var index = new CandidateIndex();
        var now = Epoch.ToUnixTimeMilliseconds();
        var card = Card("v1", "a", 0, "cats");
        index.Put(card, new TrendHeat(5, now));
        Assert.Single(index.Candidates(new CandidateQuery(["a"], ["cats"], 10), now).Fresh);

        index.Put(card with { Stats = card.Stats with { Impressions = CandidateIndex.FreshImpressions } }, new TrendHeat(6, now));
        var pools = index.Candidates(new CandidateQuery(["a"], ["cats"], 10), now);
        Assert.Empty(pools.Fresh);
        Assert.Single(pools.Trending);

        index.Put(card with { Status = VideoStatus.Processing }, null);
        pools = index.Candidates(new CandidateQuery(["a"], ["cats"], 10), now);
        Assert.Empty(pools.Followed.Concat(pools.Trending).Concat(pools.Interest).Concat(pools.Fresh));
        Assert.Single(index.ByOwner("a", includeUnfinished: true));
        Assert.Empty(index.ByOwner("a", includeUnfinished: false));

        Assert.True(index.Remove("v1"));
        Assert.Empty(index.ByOwner("a", includeUnfinished: true));
    }

    [Fact]
    public void Pools_match_a_full_scan_of_a_random_catalog_after_random_updates()
    {
        var random = new Random(1234);
        var index = new CandidateIndex();
        var cards = new Dictionary<string, VideoCard>();
        var heat = new Dictionary<string, TrendHeat>();
        var now = Epoch.AddDays(3).ToUnixTimeMilliseconds();
        string[] tags = ["cats", "dogs", "food", "tech", "dance", "golf"];
        for (var step = 0; step < 3000; step++)
        {
            var id = $"v{random.Next(800)}";
            if (random.Next(20) == 0)
            {
                index.Remove(id);
                cards.Remove(id);
                heat.Remove(id);
                continue;
            }
            var old = cards.GetValueOrDefault(id);
            var card = old ?? Card(id, $"u{random.Next(60)}", random.Next(1_000_000), tags[random.Next(tags.Length)], tags[random.Next(tags.Length)]);
            card = card with
            {
                Status = random.Next(10) == 0 ? VideoStatus.Processing : VideoStatus.Ready,
                Stats = card.Stats with { Impressions = card.Stats.Impressions + random.Next(40) },
            };
            TrendHeat? h = heat.GetValueOrDefault(id);
            if (random.Next(3) > 0)
            {
                // Distinct amounts and times, so the scan's order has no ties for the index to break differently.
                h = (h ?? new TrendHeat(0, now)).Add(random.NextDouble() * 50 + 0.001, now - random.Next(1, 40_000_000));
                heat[id] = h;
            }
            cards[id] = card;
            index.Put(card, h);
        }

        var query = new CandidateQuery(["u1", "u2", "u3", "u40", "nobody"], ["cats", "golf"], 25);
        var pools = index.Candidates(query, now);
        var ready = cards.Values.Where(c => c.Status == VideoStatus.Ready).ToList();
        double HeatOf(VideoCard c) => heat.GetValueOrDefault(c.VideoId)?.At(now) ?? 0;
        IEnumerable<string> Ids(IEnumerable<VideoCard> c) => c.Select(x => x.VideoId);

        Assert.Equal(Ids(ready.Where(c => query.Creators.Contains(c.OwnerId)).OrderByDescending(c => c.CreatedAt).Take(25)), Ids(pools.Followed));
        Assert.Equal(Ids(ready.OrderByDescending(HeatOf).ThenByDescending(c => c.CreatedAt).Take(25)), Ids(pools.Trending));
        Assert.Equal(Ids(ready.Where(c => c.Hashtags.Any(query.Hashtags.Contains)).OrderByDescending(HeatOf).ThenByDescending(c => c.CreatedAt).Take(25)),
            Ids(pools.Interest));
        Assert.Equal(Ids(ready.Where(c => c.Stats.Impressions < CandidateIndex.FreshImpressions).OrderByDescending(c => c.CreatedAt).Take(25)),
            Ids(pools.Fresh));
        Assert.Equal(Ids(cards.Values.Where(c => c.OwnerId == "u1").OrderByDescending(c => c.CreatedAt)), Ids(index.ByOwner("u1", true)));
    }

    [Fact]
    public void Four_shards_merge_into_exactly_the_pools_of_one_index()
    {
        // The same random catalog (ties in recency and in heat included) in one index and split over four by video id,
        // as the catalog's router splits it; every query's pools and heats must be the same, order included.
        var random = new Random(77);
        var now = Epoch.AddDays(2).ToUnixTimeMilliseconds();
        var one = new CandidateIndex();
        var four = Enumerable.Range(0, 4).Select(_ => new CandidateIndex()).ToArray();
        string[] tags = ["cats", "dogs", "food", "tech", "dance", "golf"];
        for (var i = 0; i < 1500; i++)
        {
            var id = $"v{i}";
            // Minutes from a small range: many videos share a creation time, so ties are broken by id.
            var card = Card(id, $"u{random.Next(40)}", random.Next(300) * 60, tags[random.Next(tags.Length)], tags[random.Next(tags.Length)]) with
            {
                Status = random.Next(12) == 0 ? VideoStatus.Processing : VideoStatus.Ready,
                Stats = VideoStats.Empty with { Impressions = random.Next(3) == 0 ? random.Next(100) : 100 + random.Next(5000) },
            };
            // Some share one heat exactly (a tie in the trending key), some have none.
            TrendHeat? heat = random.Next(4) switch { 0 => null, 1 => new TrendHeat(10, now - 3_600_000), _ => new TrendHeat(random.NextDouble() * 100, now - random.Next(40_000_000)) };
            var shard = four[CatalogShards.Of(id, 4)];
            one.Put(card, heat);
            shard.Put(card, heat);
            // JP: a region with heat on two videos only, so most shards have never heard of it.
            foreach (var region in new[] { "DE", "BR" }.Where(_ => random.Next(3) == 0).Concat(i is 5 or 6 ? new[] { "JP" } : []))
            {
                var regional = new TrendHeat(random.Next(1, 20), now - random.Next(10_000_000));
                one.PutRegional(region, id, regional);
                shard.PutRegional(region, id, regional);
            }
        }
        Assert.All(four, shard => Assert.InRange(shard.Count, 300, 450));

        CandidateQuery[] queries =
        [
            new([], [], 60),
            new([], [], 60, "DE"),
            new(["u1", "u2", "u3"], ["golf"], 60),
            new(["u4", "u5", "nobody"], ["cats", "dogs", "food"], 25, "BR"),
            new([.. Enumerable.Range(0, 40).Select(u => $"u{u}")], [.. tags], 500, "DE"),
            new(["u7"], ["tech"], 1, "XX"),
            new(["u8", "u9"], ["dance"], 60, "JP"),
        ];
        foreach (var query in queries)
        {
            var expected = one.Candidates(query, now);
            var merged = CandidateIndex.Assemble([.. four.Select(s => s.Ranked(query, now))], query.PerPool);
            Assert.Equal(Ids(expected.Followed), Ids(merged.Followed));
            Assert.Equal(Ids(expected.Trending), Ids(merged.Trending));
            Assert.Equal(Ids(expected.Interest), Ids(merged.Interest));
            Assert.Equal(Ids(expected.Fresh), Ids(merged.Fresh));
            Assert.Equal(expected.Heat.OrderBy(h => h.Key, StringComparer.Ordinal), merged.Heat.OrderBy(h => h.Key, StringComparer.Ordinal));
            Assert.NotEmpty(merged.Trending);
        }

        static IEnumerable<string> Ids(IEnumerable<VideoCard> cards) => cards.Select(c => c.VideoId);
    }

    private static VideoCard Card(string id, string owner, int minutes, params string[] tags) =>
        new(id, owner, owner, "caption", tags.Distinct().ToList(), VideoStatus.Ready, Epoch.AddSeconds(minutes), 10_000, VideoStats.Empty);
}
