using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.Contracts.Videos;

namespace Stagecast.Rooms.Tests;

/// <summary>
/// The hub's <c>feed</c> pushes in a cluster: a follower connected to gateway B gets them whichever gateway or silo
/// the event came through (real SignalR clients on two cluster gateways of one silo).
/// </summary>
[Collection(RoomsCollection.Name)]
public sealed class FeedPushClusterTests(RoomsCluster cluster)
{
    [Fact]
    public async Task A_follower_on_the_other_gateway_gets_the_new_video_and_go_live_pushes()
    {
        var (creatorId, creatorToken) = await cluster.A.RegisterAsync();
        var (_, followerToken) = await cluster.A.RegisterAsync();
        using (var http = cluster.A.CreateClient(followerToken))
        {
            (await http.PostAsync($"/api/users/{creatorId}/follow", null)).EnsureSuccessStatusCode();
        }
        await using var onB = await LiveClient.ConnectAsync(cluster.B, followerToken);
        var pushes = new ConcurrentQueue<JsonElement>();
        onB.Connection.On<JsonElement>("feed", body => pushes.Enqueue(body.Clone()));

        // The creator's video becomes ready, as its video grain reports it to the catalog (through the cluster).
        var videoId = $"vc{Guid.NewGuid():N}"[..24];
        var card = new VideoCard(videoId, creatorId, "Creator", "made on A #cluster", ["cluster"], VideoStatus.Processing,
            DateTimeOffset.UtcNow, 10_000, VideoStats.Empty);
        var catalog = cluster.Grains.GetGrain<IVideoCatalogGrain>(0);
        await catalog.Upsert(card);
        await catalog.Upsert(card with { Status = VideoStatus.Ready });
        await Eventually.TrueAsync(() => Items(pushes).Any(i => i.GetProperty("videoId").GetString() == videoId),
            "the followed-new push on gateway B", 30);
        Assert.Equal("followed-new", Items(pushes).First(i => i.GetProperty("videoId").GetString() == videoId).GetProperty("reason").GetString());

        // The creator goes live through gateway A.
        var room = await cluster.A.OpenRoomAsync("Live from A", start: true, hostToken: creatorToken);
        await Eventually.TrueAsync(() => Items(pushes).Any(i => i.TryGetProperty("roomId", out var r) && r.GetString() == room.RoomId),
            "the followed-live push on gateway B", 30);
    }

    private static IEnumerable<JsonElement> Items(ConcurrentQueue<JsonElement> pushes) =>
        pushes.SelectMany(p => p.GetProperty("items").EnumerateArray());
}
