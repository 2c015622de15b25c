using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// The hub's <c>feed</c> pushes beyond go-live, with real SignalR clients: a followed creator's new ready video,
/// and a material change of the feed's head; never more than one push per second per viewer.
/// </summary>
public sealed class FeedPushTests
{
    private sealed record Push(TimeSpan At, JsonElement Body)
    {
        public IEnumerable<JsonElement> Items => Body.GetProperty("items").EnumerateArray();
    }

    [Fact]
    public async Task New_videos_from_a_followed_creator_are_pushed_to_followers_at_most_once_a_second()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?> { ["Feed:HeadCheckSeconds"] = "3600" });
        var (_, follower) = await host.RegisterAsync();
        var (_, stranger) = await host.RegisterAsync();
        var (creatorId, _) = await host.RegisterAsync();
        using (var client = host.CreateClient(follower))
        {
            (await client.PostAsync($"/api/users/{creatorId}/follow", null)).EnsureSuccessStatusCode();
        }
        var clock = Stopwatch.StartNew();
        var (followerHub, followerPushes) = await ConnectAsync(host, follower, clock);
        var (strangerHub, strangerPushes) = await ConnectAsync(host, stranger, clock);
        await using var _1 = followerHub;
        await using var _2 = strangerHub;

        // Two videos become ready (as the video grains report it to the catalog), then three more right after the
        // first push: those wait for the viewer's next push, a second after the first.
        var catalog = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IVideoCatalogGrain>(0);
        var ids = new List<string>();
        async Task Post(int i)
        {
            var card = Card(creatorId, $"new one {i} #news", impressions: 0);
            await catalog.Upsert(card with { Status = VideoStatus.Processing });
            await catalog.Upsert(card);
            ids.Add(card.VideoId);
        }
        await Post(0);
        await Post(1);
        await Eventually.ValueAsync(() => Task.FromResult(followerPushes.Count), n => n > 0, "the first push", 30);
        for (var i = 2; i < 5; i++)
        {
            await Post(i);
        }
        var pushes = await Eventually.ValueAsync(() => Task.FromResult(followerPushes.ToList()),
            p => p.SelectMany(x => x.Items).Select(i => i.GetProperty("videoId").GetString()).Distinct().Count() == 5, "five videos pushed", 30);
        var item = pushes[0].Items.First();
        Assert.Equal("video", item.GetProperty("kind").GetString());
        Assert.Equal("followed-new", item.GetProperty("reason").GetString());
        Assert.Equal(creatorId, item.GetProperty("creatorId").GetString());
        Assert.Equal(ids.Order(), pushes.SelectMany(p => p.Items).Select(i => i.GetProperty("videoId").GetString()!).Order());
        // Never two pushes to one viewer within a second (less a little transport jitter).
        Assert.True(pushes.Count >= 2, $"{pushes.Count} pushes");
        for (var i = 1; i < pushes.Count; i++)
        {
            Assert.True(pushes[i].At - pushes[i - 1].At >= TimeSpan.FromMilliseconds(900), $"pushes {i - 1} and {i}: {pushes[i].At - pushes[i - 1].At}");
        }
        Assert.DoesNotContain(strangerPushes, p => p.Items.Any(i => i.GetProperty("reason").GetString() == "followed-new"));
    }

    [Fact]
    public async Task A_material_change_of_the_feed_head_is_pushed_to_a_connected_viewer()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?> { ["Feed:HeadCheckSeconds"] = "1" });
        var catalog = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IVideoCatalogGrain>(0);
        for (var i = 0; i < 4; i++)
        {
            await catalog.Upsert(Card($"quiet-creator-{i}", $"quiet {i} #calm", impressions: 10));
        }
        var (_, viewer) = await host.RegisterAsync();
        var (hub, pushes) = await ConnectAsync(host, viewer, Stopwatch.StartNew());
        await using var _ = hub;

        // Ever hotter videos from creators the viewer does not follow, until one takes the head after the baseline.
        var hot = new List<string>();
        var push = await Eventually.ValueAsync(async () =>
        {
            var card = Card($"hot-creator-{hot.Count}", $"everyone watches this {hot.Count} #viral", impressions: 100_000L * (hot.Count + 1));
            await catalog.Upsert(card);
            hot.Add(card.VideoId);
            await Task.Delay(TimeSpan.FromMilliseconds(500)); // one new video per half second (pacing, not synchronisation)
            return pushes.ToList();
        }, p => p.Count > 0, "a head-change push", 60);
        var head = push[0].Items.ToList();
        Assert.InRange(head.Count, 1, 3);
        Assert.Contains(head[0].GetProperty("videoId").GetString(), hot);
        Assert.NotEqual("followed-new", head[0].GetProperty("reason").GetString());
        // Nothing was served: the head's videos are still in the viewer's next page.
        using var client = host.CreateClient(viewer);
        var page = await VideoApi.JsonAsync(await client.GetAsync("/api/feed?size=30"));
        var served = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("videoId").GetString()).ToList();
        Assert.Contains(head[0].GetProperty("videoId").GetString(), served);
    }

    private static VideoCard Card(string ownerId, string caption, long impressions) =>
        new($"vp{Guid.NewGuid():N}"[..24], ownerId, ownerId, caption, [.. Hashtags(caption)], VideoStatus.Ready, DateTimeOffset.UtcNow, 10_000,
            VideoStats.Empty with { Impressions = impressions, Views = impressions / 2, Completions = impressions / 3, Likes = impressions / 10 });

    private static IEnumerable<string> Hashtags(string caption) => caption.Split(' ').Where(w => w.StartsWith('#')).Select(w => w[1..]);

    private static async Task<(HubConnection Hub, ConcurrentQueue<Push> Pushes)> ConnectAsync(GatewayHost host, string token, Stopwatch clock)
    {
        var pushes = new ConcurrentQueue<Push>();
        var hub = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }).Build();
        hub.On<JsonElement>("feed", body => pushes.Enqueue(new Push(clock.Elapsed, body.Clone())));
        await hub.StartAsync();
        return (hub, pushes);
    }
}
