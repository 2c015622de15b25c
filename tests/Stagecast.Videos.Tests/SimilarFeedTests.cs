using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// The "similar" candidate source through the real gateway and grains: co-engagement (viewers who watched A went on
/// to B) and caption words. In both, 70 newer videos fill the recency and trending pools, so the similar video can
/// only reach the feed through the similarity index.
/// </summary>
public sealed class SimilarFeedTests
{
    private const int Fillers = 70;

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // Feed:Similar=false: the source is off (the offline evaluation's "before")
    public async Task A_viewer_who_watched_A_gets_B_that_others_watched_with_A_with_reason_similar(bool similarOn)
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?> { ["Feed:Similar"] = similarOn ? "true" : "false" });
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var a = await SeedAsync(host, "a", "Pasta night #cooking", ageDays: 2);
        var b = await SeedAsync(host, "b", "Balcony garden tour #plants", ageDays: 2);
        await SeedFillersAsync(host);
        // Three other viewers finished A, then B (the weight decays from the moment of each pair: just under 3 when read).
        for (var i = 0; i < 3; i++)
        {
            var other = grains.GetGrain<IViewerFeedGrain>($"similar-other-{i}-{Guid.NewGuid():N}");
            await WatchAsync(other, a);
            await WatchAsync(other, b);
        }
        var similarity = grains.GetGrain<IVideoSimilarityGrain>("all");
        await Eventually.ValueAsync(() => similarity.Neighbours(a.VideoId), n => n.Any(x => x.VideoId == b.VideoId && x.Weight > 2.9),
            "B among A's co-engagement neighbours", 30);

        var (viewerId, viewer) = await host.RegisterAsync();
        await WatchAsync(grains.GetGrain<IViewerFeedGrain>(viewerId), a);
        using var client = host.CreateClient(viewer);
        var items = await ItemsAsync(client);
        if (!similarOn)
        {
            Assert.DoesNotContain(items, i => i.GetProperty("reason").GetString() == "similar");
            Assert.DoesNotContain(items, i => i.GetProperty("videoId").GetString() == b.VideoId);
            return;
        }
        var first = items[0];
        Assert.Equal(b.VideoId, first.GetProperty("videoId").GetString());
        Assert.Equal("similar", first.GetProperty("reason").GetString());

        // Without that history nothing is similar, and B, older than the fillers, does not make the first page.
        var (_, stranger) = await host.RegisterAsync();
        using var strangerClient = host.CreateClient(stranger);
        var theirs = await ItemsAsync(strangerClient);
        Assert.DoesNotContain(theirs, i => i.GetProperty("reason").GetString() == "similar");
        Assert.DoesNotContain(theirs, i => i.GetProperty("videoId").GetString() == b.VideoId);
    }

    [Fact]
    public async Task Caption_words_alone_bring_a_video_with_no_hashtag_in_common_as_similar()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var liked = await SeedAsync(host, "liked", "Sourdough starter feeding, day three", ageDays: 2);
        var kin = await SeedAsync(host, "kin", "Sourdough starter: the crumb shot", ageDays: 2);
        await SeedFillersAsync(host);
        var similarity = grains.GetGrain<IVideoSimilarityGrain>("all");
        await Eventually.ValueAsync(() => similarity.Similar(new SimilarityQuery([], new Dictionary<string, double> { ["~sourdough"] = 1 }, 10)),
            s => s.Nearest.Contains(kin.VideoId), "the catalog's content reaching the similarity index", 30);

        var (viewerId, viewer) = await host.RegisterAsync();
        var feed = grains.GetGrain<IViewerFeedGrain>(viewerId);
        await WatchAsync(feed, liked);
        await feed.Observe(liked, VideoSignalKind.Like, null);
        await feed.Observe(liked, VideoSignalKind.Share, null);
        Assert.True((await feed.Interests())["~sourdough"] > 0);

        using var client = host.CreateClient(viewer);
        var first = (await ItemsAsync(client))[0];
        Assert.Equal(kin.VideoId, first.GetProperty("videoId").GetString());
        Assert.Equal("similar", first.GetProperty("reason").GetString());
        Assert.Empty(first.GetProperty("hashtags").EnumerateArray());
    }

    private static async Task WatchAsync(IViewerFeedGrain feed, VideoCard card)
    {
        await feed.Observe(card, VideoSignalKind.Impression, null);
        await feed.Observe(card, VideoSignalKind.View, null);
        await feed.Observe(card, VideoSignalKind.Watch, card.DurationMs);
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/feed?size=10");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await VideoApi.JsonAsync(response)).GetProperty("items").EnumerateArray()];
    }

    // Newer than the seeded pair, seen often enough not to be fresh (no exploration slot), no engagement (no heat).
    private static async Task SeedFillersAsync(GatewayHost host)
    {
        for (var i = 0; i < Fillers; i++)
        {
            await SeedAsync(host, $"filler{i}", "#clip", ageDays: 0.5);
        }
    }

    private static async Task<VideoCard> SeedAsync(GatewayHost host, string name, string caption, double ageDays)
    {
        var card = new VideoCard($"v{name}{Guid.NewGuid():N}"[..24], $"creator-{name}", $"Creator {name}", caption,
            [.. caption.Split(' ').Where(w => w.StartsWith('#')).Select(w => w[1..])], VideoStatus.Ready,
            DateTimeOffset.UtcNow.AddDays(-ageDays), 10_000, VideoStats.Empty with { Impressions = 150 });
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IVideoCatalogGrain>(0).Upsert(card);
        return card;
    }
}
