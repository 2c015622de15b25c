using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Accounts;
using Stagecast.Grains.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// The video catalog split into shards by video id (<c>Feed:CatalogShards</c>): the feed is the same as with one
/// catalog, a restarted shard keeps its cards, and the single catalog's state (key <c>all</c>) is read and spread.
/// </summary>
public sealed class CatalogShardTests
{
    private static readonly string[] Tags = ["cats", "dogs", "food", "golf"];

    private static Dictionary<string, string?> Settings(int shards) => new()
    {
        ["Feed:CatalogShards"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Feed:LearnedRanker"] = "false",
        ["Feed:HeadCheckSeconds"] = "3600",
    };

    [Fact]
    public async Task Feed_pages_are_the_same_with_one_catalog_shard_and_with_four()
    {
        await using var one = await GatewayHost.StartEmbeddedAsync(settings: Settings(1));
        await using var four = await GatewayHost.StartEmbeddedAsync(settings: Settings(4));
        GatewayHost[] hosts = [one, four];
        string[] creators = [.. Enumerable.Range(0, 6).Select(c => $"creator-{c}")];
        string[] viewers = [.. Enumerable.Range(0, 4).Select(v => $"viewer-{v}")];
        var follows = new (string Viewer, string[] Follows)[]
        {
            ("viewer-0", new[] { "creator-0", "creator-1" }), ("viewer-1", new[] { "creator-2" }), ("viewer-3", new[] { "creator-4", "creator-5" }),
        };
        var cards = Cards(creators, perCreator: 8);
        // The same steps on both, one after the other, so that heat and freshness are taken at nearly the same instants.
        foreach (var host in hosts)
        {
            var grains = Grains(host);
            foreach (var id in creators.Concat(viewers))
            {
                Assert.True(await grains.GetGrain<IUserGrain>(id).Create(id, id, "not-a-password-hash"));
            }
            foreach (var (viewer, followed) in follows)
            {
                foreach (var creator in followed)
                {
                    await grains.GetGrain<IUserGrain>(viewer).Follow(creator);
                }
            }
        }
        foreach (var card in cards)
        {
            foreach (var host in hosts)
            {
                await Grains(host).GetGrain<IVideoCatalogGrain>(0).Upsert(card);
            }
        }
        foreach (var host in hosts)
        {
            var grains = Grains(host);
            foreach (var card in cards.Where((_, i) => i % 5 == 0))
            {
                await grains.GetGrain<IVideoCatalogGrain>(0).AddRegionalHeat(card.VideoId, new Dictionary<string, double> { ["DE"] = 3 + card.Stats.Completions });
            }
            // Learned interests: viewer-1 likes golf, viewer-2 cats.
            foreach (var (viewer, tag) in new[] { ("viewer-1", "golf"), ("viewer-2", "cats") })
            {
                foreach (var card in cards.Where(c => c.Hashtags.Contains(tag)).Take(3))
                {
                    await grains.GetGrain<IViewerFeedGrain>(viewer).Observe(card, VideoSignalKind.Like, null);
                }
            }
        }
        // The four-shard catalog really is spread: every shard holds some of the videos, and together all of them.
        var spread = await Task.WhenAll(Enumerable.Range(0, 4).Select(s =>
            Grains(four).GetGrain<ICatalogShardGrain>(CatalogShards.Key(s)).Candidates(new CandidateQuery([], [], 500))));
        Assert.All(spread, s => Assert.NotEmpty(s.Recent));
        Assert.Equal(cards.Count, spread.Sum(s => s.Recent.Count));

        foreach (var viewer in viewers.Select(v => (string?)v).Append(null))
        {
            // Viewer-2 is in Germany: regional trending comes first.
            var region = viewer == "viewer-2" ? "DE" : null;
            var pages = new List<List<string>>[2];
            for (var h = 0; h < 2; h++)
            {
                pages[h] = await PagesAsync(hosts[h], viewer, region, count: 4);
            }
            Assert.True(pages[0][0].Count == 10, $"{viewer ?? "anonymous"}: a full first page");
            Assert.True(pages[0].Sum(p => p.Count) >= 30, $"{viewer ?? "anonymous"}: several pages");
            Assert.Equal(pages[0], pages[1]);
        }
    }

    [Fact]
    public async Task A_deactivated_shard_keeps_its_cards()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: Settings(4));
        var grains = Grains(host);
        var cards = Cards([.. Enumerable.Range(0, 4).Select(c => $"owner-{c}")], perCreator: 10);
        foreach (var card in cards)
        {
            await grains.GetGrain<IVideoCatalogGrain>(0).Upsert(card);
        }
        var target = CatalogShards.Of(cards[0].VideoId, 4);
        var shard = grains.GetGrain<ICatalogShardGrain>(CatalogShards.Key(target));
        var mine = cards.Where(c => CatalogShards.Of(c.VideoId, 4) == target).Select(c => c.VideoId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(mine, await RecentAsync(shard));

        // Each activation numbers its news under a new epoch: a new epoch is a new activation, read from storage.
        var other = grains.GetGrain<ICatalogShardGrain>(CatalogShards.Key((target + 1) % 4));
        var (before, otherBefore) = ((await shard.NewsSince("", 0)).Epoch, (await other.NewsSince("", 0)).Epoch);
        await shard.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Poll.UntilAsync(async () => (await shard.NewsSince("", 0)).Epoch, epoch => epoch != before, "the shard activated again");
        // Only that one: another shard is still the activation it was.
        Assert.Equal(otherBefore, (await other.NewsSince("", 0)).Epoch);

        Assert.Equal(mine, await RecentAsync(shard));
        var owned = await grains.GetGrain<IVideoCatalogGrain>(0).ByOwner(cards[0].OwnerId, includeUnfinished: false);
        Assert.Equal(cards.Where(c => c.OwnerId == cards[0].OwnerId).OrderByDescending(c => c.CreatedAt).Select(c => c.VideoId), owned.Select(c => c.VideoId));
    }

    [Fact]
    public async Task The_single_catalog_state_is_read_as_shard_zero_and_handed_to_the_other_shards()
    {
        using var data = new TempDirectory("stagecast-catalog-shards");
        var ports = new Dictionary<string, string?> { ["Stagecast:SiloPort"] = FreePort.Tcp().ToString(), ["Stagecast:GatewayPort"] = FreePort.Tcp().ToString() };
        var cards = Cards([.. Enumerable.Range(0, 4).Select(c => $"early-{c}")], perCreator: 10);
        var warm = cards.First(c => CatalogShards.Of(c.VideoId, 4) != 0);
        await using (var single = await GatewayHost.StartEmbeddedAsync(data.Path, Settings(1).Concat(ports).ToDictionary()))
        {
            var catalog = Grains(single).GetGrain<IVideoCatalogGrain>(0);
            foreach (var card in cards)
            {
                await catalog.Upsert(card);
            }
            await catalog.AddRegionalHeat(warm.VideoId, new Dictionary<string, double> { ["DE"] = 5 });
            Assert.Equal(cards.Count, (await RecentAsync(Grains(single).GetGrain<ICatalogShardGrain>("all"))).Count);
        }
        // Stored under the single catalog grain's id, as before sharding: that is the row shard 0 reads.
        using (var db = new SqliteConnection($"Data Source={Path.Combine(data.Path, "stagecast.db")};Mode=ReadOnly;Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "SELECT grain_id FROM grain_state WHERE grain_id LIKE 'videocatalog/%'";
            Assert.Equal("videocatalog/all", (string?)await command.ExecuteScalarAsync());
        }

        await using var sharded = await GatewayHost.StartEmbeddedAsync(data.Path, Settings(4).Concat(ports).ToDictionary());
        var grains = Grains(sharded);
        var router = grains.GetGrain<IVideoCatalogGrain>(0);
        // Shard 0 keeps its own and hands the rest over, with their heat; then every card is read where it sits now.
        for (var s = 0; s < 4; s++)
        {
            var shard = grains.GetGrain<ICatalogShardGrain>(CatalogShards.Key(s));
            var expected = cards.Where(c => CatalogShards.Of(c.VideoId, 4) == s).Select(c => c.VideoId).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(expected);
            await Poll.UntilAsync(() => RecentAsync(shard), ids => ids.SequenceEqual(expected), $"shard {s} holds exactly its cards");
        }
        foreach (var creator in cards.Select(c => c.OwnerId).Distinct())
        {
            Assert.Equal(cards.Where(c => c.OwnerId == creator).OrderByDescending(c => c.CreatedAt).Select(c => c.VideoId),
                (await router.ByOwner(creator, includeUnfinished: true)).Select(c => c.VideoId));
        }
        var owner = grains.GetGrain<ICatalogShardGrain>(CatalogShards.Key(CatalogShards.Of(warm.VideoId, 4)));
        Assert.Contains(warm.VideoId, (await owner.Candidates(new CandidateQuery([], [], 500, "DE"))).Regional.Select(e => e.Id));

        // A video moved over is deleted for good, and the feed serves all the others.
        await router.Remove(warm.VideoId);
        Assert.DoesNotContain(warm.VideoId, (await router.ByOwner(warm.OwnerId, includeUnfinished: true)).Select(c => c.VideoId));
        var served = (await PagesAsync(sharded, null, null, count: 3, size: 30)).SelectMany(p => p).Select(i => i.Split(' ')[0]).ToList();
        Assert.Equal(cards.Select(c => c.VideoId).Where(id => id != warm.VideoId).Order(StringComparer.Ordinal), served.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_video_that_finished_stays_listed_with_the_unfinished_for_a_minute()
    {
        var clock = new ShiftedClock();
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: Settings(4), configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var catalog = Grains(host).GetGrain<IVideoCatalogGrain>(0);
        var uploaded = Cards(["creator-u"], perCreator: 3).Select(c => c with { Status = VideoStatus.Uploaded }).ToList();
        var (finishing, deleted, processing) = (uploaded[0], uploaded[1], uploaded[2]);
        var readyAtOnce = Cards(["creator-r"], perCreator: 1)[0];
        foreach (var card in uploaded.Append(readyAtOnce))
        {
            await catalog.Upsert(card);
        }
        await catalog.Upsert(processing with { Status = VideoStatus.Processing });
        await catalog.Upsert(finishing with { Status = VideoStatus.Ready });
        await catalog.Remove(deleted.VideoId);

        // The ends are listed (a gateway that had not looked since still pushes them); a video never unfinished is not.
        async Task<Dictionary<string, VideoStatus>> ListedAsync() => (await catalog.Unfinished()).ToDictionary(c => c.VideoId, c => c.Status);
        Assert.Equal(new Dictionary<string, VideoStatus>
        {
            [finishing.VideoId] = VideoStatus.Ready,
            [deleted.VideoId] = VideoStatus.Deleted,
            [processing.VideoId] = VideoStatus.Processing,
        }, await ListedAsync());

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(new Dictionary<string, VideoStatus> { [processing.VideoId] = VideoStatus.Processing }, await ListedAsync());
    }

    private static IGrainFactory Grains(GatewayHost host) => host.Services.GetRequiredService<IGrainFactory>();

    private static async Task<List<string>> RecentAsync(ICatalogShardGrain shard) =>
        [.. (await shard.Candidates(new CandidateQuery([], [], 500))).Recent.Select(e => e.Id).Order(StringComparer.Ordinal)];

    // Distinct engagement per video (strictly increasing weight with k), so no two heats tie; one video is fresh.
    private static List<VideoCard> Cards(string[] creators, int perCreator)
    {
        var total = creators.Length * perCreator;
        var start = DateTimeOffset.UtcNow.AddDays(-2);
        var cards = new List<VideoCard>();
        for (var c = 0; c < creators.Length; c++)
        {
            for (var v = 0; v < perCreator; v++)
            {
                var i = c * perCreator + v;
                var k = i * 29 % total;
                var views = 50L + 11 * k;
                var stats = VideoStats.Empty with { Impressions = i == 3 ? 0 : 100 + views, Views = views, Completions = k, Likes = k / 3 };
                var tags = i % 3 == 0 ? new[] { Tags[i % 4], Tags[(i + 1) % 4] } : new[] { Tags[i % 4] };
                cards.Add(new VideoCard($"v{creators[c]}-{v}-{Guid.NewGuid():N}"[..28], creators[c], creators[c], string.Join(' ', tags.Select(t => "#" + t)),
                    tags, VideoStatus.Ready, start.AddMinutes(i * 37 % 1000), 10_000 + 100 * k, stats));
            }
        }
        return cards;
    }

    // Pages of a viewer's feed (null: anonymous, following the cursor), each item as "videoId reason".
    private static async Task<List<List<string>>> PagesAsync(GatewayHost host, string? viewer, string? region, int count, int size = 10)
    {
        var token = viewer is null ? null : host.Services.GetRequiredService<TokenIssuer>().Issue(viewer, viewer, 0);
        using var client = host.CreateClient(token);
        var pages = new List<List<string>>();
        string? cursor = null;
        for (var p = 0; p < count; p++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/feed?size={size}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            if (region is not null)
            {
                request.Headers.Add("CF-IPCountry", region);
            }
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var feed = await VideoApi.JsonAsync(response);
            cursor = feed.GetProperty("cursor").GetString();
            pages.Add([.. feed.GetProperty("items").EnumerateArray().Select(i =>
                $"{(i.TryGetProperty("videoId", out var id) ? id.GetString() : i.GetProperty("roomId").GetString())} {i.GetProperty("reason").GetString()}")]);
        }
        return pages;
    }
}
