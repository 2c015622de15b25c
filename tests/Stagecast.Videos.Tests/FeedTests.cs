using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// Feed rules through the real gateway and grains. Most catalogs here are seeded as ready cards (the feed reads
/// only the catalog), so that rules are tested on dozens of videos without encoding each one.
/// </summary>
public sealed class FeedTests
{
    [Fact]
    public async Task A_followed_creator_live_now_comes_first()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        await SeedAsync(host, creators: 3, perCreator: 3);
        var (_, viewer) = await host.RegisterAsync();
        var room = await host.OpenRoomAsync("Cooking live");
        using var client = host.CreateClient(viewer);
        (await client.PostAsync($"/api/users/{room.HostId}/follow", null)).EnsureSuccessStatusCode();

        var feed = await GetFeedAsync(client, null);
        var first = feed.GetProperty("items")[0];
        Assert.Equal("live", first.GetProperty("kind").GetString());
        Assert.Equal(room.RoomId, first.GetProperty("roomId").GetString());
        Assert.Equal("followed-live", first.GetProperty("reason").GetString());
        Assert.EndsWith($"/hls/{room.RoomId}/index.m3u8", first.GetProperty("hlsUrl").GetString());

        // Its encoder drops: within the reconnect grace the room shows a frozen picture, and the feed leaves it out.
        var media = host.Services.GetRequiredService<Stagecast.Gateway.Media.IRoomMediaAuthority>();
        await media.MediaStartedAsync(room.RoomId, default);
        await media.MediaEndedAsync(room.RoomId, default);
        var (_, late) = await host.RegisterAsync();
        using var lateClient = host.CreateClient(late);
        (await lateClient.PostAsync($"/api/users/{room.HostId}/follow", null)).EnsureSuccessStatusCode();
        var lateFeed = await GetFeedAsync(lateClient, null);
        Assert.NotEqual(0, lateFeed.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain(lateFeed.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "live");
    }

    [Fact]
    public async Task Pages_never_repeat_a_video_and_space_creators()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var seeded = await SeedAsync(host, creators: 5, perCreator: 5);
        var (_, viewer) = await host.RegisterAsync();
        using var client = host.CreateClient(viewer);

        var seen = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < 4; page++)
        {
            var feed = await GetFeedAsync(client, cursor);
            cursor = feed.GetProperty("cursor").GetString();
            seen.AddRange(feed.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "video"));
        }
        var ids = seen.Select(i => i.GetProperty("videoId").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(seeded.Select(c => c.VideoId).Order(), ids.Order());
        // A session that has shown everything ends there: its next page is empty.
        Assert.Empty((await GetFeedAsync(client, cursor)).GetProperty("items").EnumerateArray());

        // A fresh load (the home page reloaded) is not empty while videos exist: a new video comes first, then videos
        // served before, least recently served first, each once in the session and marked "rewatch".
        var newer = await SeedAsync(host, creators: 1, perCreator: 1, prefix: "n");
        var again = new List<JsonElement>();
        cursor = null;
        for (var page = 0; page < 4; page++)
        {
            var feed = await GetFeedAsync(client, cursor);
            cursor = feed.GetProperty("cursor").GetString();
            again.AddRange(feed.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "video"));
        }
        Assert.Equal(newer[0].VideoId, again[0].GetProperty("videoId").GetString());
        Assert.NotEqual("rewatch", again[0].GetProperty("reason").GetString());
        var rewatched = again.Skip(1).ToList();
        Assert.All(rewatched, i => Assert.Equal("rewatch", i.GetProperty("reason").GetString()));
        Assert.Equal(ids.Order(), rewatched.Select(i => i.GetProperty("videoId").GetString()).Order());
        // The first rewatched video is one of the first page's (seen longest ago), not one from the last page.
        Assert.Contains(rewatched[0].GetProperty("videoId").GetString(), ids.Take(10));

        // With five creators to choose from, no two consecutive videos share one (checked over the first page).
        var creators = seen.Take(10).Select(i => i.GetProperty("creatorId").GetString()).ToList();
        Assert.All(creators.Zip(creators.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task Anonymous_viewers_get_a_feed_and_a_cursor_that_continues_it()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        await SeedAsync(host, creators: 4, perCreator: 4);
        using var client = host.CreateClient();

        var first = await GetFeedAsync(client, null, size: 8);
        Assert.Equal(8, first.GetProperty("items").GetArrayLength());
        var second = await GetFeedAsync(client, first.GetProperty("cursor").GetString(), size: 8);
        Assert.Equal(8, second.GetProperty("items").GetArrayLength());
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("videoId").GetString()).ToList();
        Assert.Equal(16, ids.Distinct().Count());

        var bad = await client.GetAsync("/api/feed?cursor=not-a-cursor");
        await VideoApi.IsProblemAsync(bad, HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task Exploration_slots_show_fresh_videos_from_new_creators()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var popular = await SeedAsync(host, creators: 4, perCreator: 4, impressions: 5000, ageDays: 2);
        var fresh = await SeedAsync(host, creators: 2, perCreator: 2, impressions: 0, ageDays: 0, prefix: "new");
        var (_, viewer) = await host.RegisterAsync();
        using var client = host.CreateClient(viewer);

        var items = (await GetFeedAsync(client, null, size: 10)).GetProperty("items").EnumerateArray().ToList();
        var explored = items.Where(i => i.GetProperty("reason").GetString() == "explore").ToList();
        Assert.NotEmpty(explored);
        Assert.All(explored, i => Assert.Contains(fresh, c => c.VideoId == i.GetProperty("videoId").GetString()));
        // The rest is led by the ranker's choice among popular videos.
        Assert.Contains(popular, c => c.VideoId == items[0].GetProperty("videoId").GetString());
    }

    [Fact]
    public async Task Engagement_teaches_the_feed_a_viewers_interests()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var cats = await SeedAsync(host, creators: 3, perCreator: 3, caption: "#cats", prefix: "cat");
        await SeedAsync(host, creators: 3, perCreator: 3, caption: "#dogs", prefix: "dog");
        var (viewerId, viewer) = await host.RegisterAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var feed = grains.GetGrain<IViewerFeedGrain>(viewerId);
        await feed.Observe(cats[0], VideoSignalKind.Watch, cats[0].DurationMs);
        await feed.Observe(cats[0], VideoSignalKind.Like, null);
        Assert.True((await feed.Interests())["#cats"] > 0);

        using var client = host.CreateClient(viewer);
        var items = (await GetFeedAsync(client, null, size: 4)).GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, i => Assert.Contains("cats", i.GetProperty("hashtags").EnumerateArray().Select(t => t.GetString())));
        Assert.Equal("interest", items[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_hub_pushes_feed_when_a_followed_creator_goes_live()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (_, viewer) = await host.RegisterAsync();
        var (creatorId, creator) = await host.RegisterAsync();
        using var client = host.CreateClient(viewer);
        (await client.PostAsync($"/api/users/{creatorId}/follow", null)).EnsureSuccessStatusCode();
        var pushes = new ConcurrentQueue<JsonElement>();
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(viewer);
        }).Build();
        hub.On<JsonElement>("feed", pushes.Enqueue);
        await hub.StartAsync();

        var room = await host.OpenRoomAsync("Surprise live", hostToken: creator);
        var push = await Eventually.ValueAsync(() => Task.FromResult(pushes.ToList()), p => p.Count > 0, "feed push", 20);
        var item = push[0].GetProperty("items")[0];
        Assert.Equal("live", item.GetProperty("kind").GetString());
        Assert.Equal(room.RoomId, item.GetProperty("roomId").GetString());
        Assert.Equal(creatorId, item.GetProperty("creatorId").GetString());
    }

    [Fact]
    public async Task The_push_reaches_a_follower_beyond_the_first_page_of_a_large_follower_list()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (viewerId, viewer) = await host.RegisterAsync();
        var (creatorId, creator) = await host.RegisterAsync();
        using var client = host.CreateClient(viewer);
        (await client.PostAsync($"/api/users/{creatorId}/follow", null)).EnsureSuccessStatusCode();
        // 600 newer followers: the viewer is now past the user grain's 500-per-read page (newest first).
        var creatorGrain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<Stagecast.Contracts.Accounts.IUserGrain>(creatorId);
        for (var i = 0; i < 600; i++)
        {
            await creatorGrain.AddFollower($"bulk-follower-{i}");
        }
        Assert.DoesNotContain(viewerId, await creatorGrain.GetFollowers(0, 1000));
        var pushes = new ConcurrentQueue<JsonElement>();
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(viewer);
        }).Build();
        hub.On<JsonElement>("feed", pushes.Enqueue);
        await hub.StartAsync();

        var room = await host.OpenRoomAsync("Big audience", hostToken: creator);
        var push = await Eventually.ValueAsync(() => Task.FromResult(pushes.ToList()), p => p.Count > 0, "feed push", 20);
        Assert.Equal(room.RoomId, push[0].GetProperty("items")[0].GetProperty("roomId").GetString());
    }

    [Fact]
    public async Task A_creator_followed_before_600_others_still_counts_as_followed()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (viewerId, viewer) = await host.RegisterAsync();
        var room = await host.OpenRoomAsync("Early favourite");
        using var client = host.CreateClient(viewer);
        (await client.PostAsync($"/api/users/{room.HostId}/follow", null)).EnsureSuccessStatusCode();
        // 600 newer follows: the favourite is now past the user grain's 500-per-read page (newest first).
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var me = grains.GetGrain<Stagecast.Contracts.Accounts.IUserGrain>(viewerId);
        for (var i = 0; i < 600; i++)
        {
            var other = $"bulk-creator-{i}-{Guid.NewGuid():N}"[..24];
            await grains.GetGrain<Stagecast.Contracts.Accounts.IUserGrain>(other).Create(other, other, "not-a-real-hash");
            await me.Follow(other);
        }
        Assert.DoesNotContain(room.HostId, await me.GetFollowing(0, 1000));

        var first = (await GetFeedAsync(client, null)).GetProperty("items")[0];
        Assert.Equal(room.RoomId, first.GetProperty("roomId").GetString());
        Assert.Equal("followed-live", first.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Anonymous_viewers_in_two_regions_get_their_regions_trending_first()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (_, berlin) = await host.RegisterAsync();
        var (_, recife) = await host.RegisterAsync();
        var sample = await SampleMedia.VideoAsync(320, 240, 1);
        var german = await VideoApi.UploadOkAsync(host, berlin, sample, "Currywurst #food");
        var brazilian = await VideoApi.UploadOkAsync(host, recife, sample, "Feijoada #food");
        await VideoApi.WaitForStatusAsync(host, german, "ready");
        await VideoApi.WaitForStatusAsync(host, brazilian, "ready");

        // The same engagement for both videos, each from its own country (the balancer's CF-IPCountry header).
        async Task Watch(string videoId, string country)
        {
            for (var i = 0; i < 15; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/videos/{videoId}/events")
                {
                    Content = JsonContent.Create(new { type = "view", eventId = $"{country}-{i}" }),
                };
                request.Headers.Add("CF-IPCountry", country);
                using var client = host.CreateClient();
                Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(request)).StatusCode);
            }
        }
        await Watch(german, "DE");
        await Watch(brazilian, "BR");

        async Task<string?> FirstVideo(string country)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feed?size=5");
            request.Headers.Add("CF-IPCountry", country);
            using var client = host.CreateClient();
            var feed = await VideoApi.JsonAsync(await client.SendAsync(request));
            return feed.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "video").GetProperty("videoId").GetString();
        }
        // The counters reach the catalog behind (every 2 s): wait for both regions to rank their own first.
        await Eventually.ValueAsync(async () => (De: await FirstVideo("DE"), Br: await FirstVideo("br")),
            f => f.De == german && f.Br == brazilian, "regional trending", 30);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_video_and_feed_routes()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        using var client = host.CreateClient();
        var paths = (await VideoApi.JsonAsync(await client.GetAsync("/openapi/v1.json"))).GetProperty("paths");
        foreach (var path in new[] { "/api/videos", "/api/videos/{videoId}", "/api/videos/{videoId}/events", "/api/videos/uploads",
            "/api/videos/uploads/{uploadId}", "/api/feed", "/api/users/{userId}/videos" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
    }

    private static async Task<JsonElement> GetFeedAsync(HttpClient client, string? cursor, int size = 10)
    {
        var response = await client.GetAsync($"/api/feed?size={size}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await VideoApi.JsonAsync(response);
    }

    private static async Task<List<VideoCard>> SeedAsync(GatewayHost host, int creators, int perCreator, long impressions = 0,
        double ageDays = 1, string caption = "#clip", string prefix = "c")
    {
        var catalog = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IVideoCatalogGrain>(0);
        var cards = new List<VideoCard>();
        for (var c = 0; c < creators; c++)
        {
            for (var v = 0; v < perCreator; v++)
            {
                var stats = VideoStats.Empty with { Impressions = impressions, Views = impressions / 2, Completions = impressions / 4 };
                var card = new VideoCard($"v{prefix}{c}x{v}{Guid.NewGuid():N}"[..24], $"{prefix}-creator-{c}", $"Creator {c}", $"video {v} {caption}",
                    [caption.TrimStart('#')], VideoStatus.Ready, DateTimeOffset.UtcNow.AddDays(-ageDays).AddMinutes(v), 10_000, stats);
                await catalog.Upsert(card);
                cards.Add(card);
            }
        }
        return cards;
    }
}
