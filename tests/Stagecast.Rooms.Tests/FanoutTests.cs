using Microsoft.AspNetCore.SignalR.Client;
using System.Net.Http.Json;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Rooms.Tests;

/// <summary>Events of one room reach its viewers on every gateway, over JSON and MessagePack.</summary>
[Collection(RoomsCollection.Name)]
public sealed class FanoutTests(RoomsCluster cluster)
{
    [Fact]
    public async Task Comments_likes_and_the_end_reach_viewers_on_both_gateways()
    {
        var (roomId, _, hostToken, _) = await cluster.OpenRoomAsync();
        var (_, userToken) = await cluster.A.RegisterAsync();
        await using var jsonOnA = await LiveClient.ConnectAsync(cluster.A, userToken);
        await using var packOnB = await LiveClient.ConnectAsync(cluster.B, null, messagePack: true);
        await using var jsonOnB = await LiveClient.ConnectAsync(cluster.B, hostToken);
        foreach (var c in new[] { jsonOnA, packOnB, jsonOnB })
        {
            var snapshot = await c.JoinAsync(roomId);
            Assert.Equal("live", snapshot.Status);
            Assert.Equal(roomId, snapshot.RoomId);
        }

        await jsonOnA.CommentAsync(roomId, "  hello from A  ");
        await jsonOnB.CommentAsync(roomId, "hello from the host");
        await jsonOnA.Connection.InvokeAsync("Like", roomId, 7);

        foreach (var c in new[] { jsonOnA, packOnB, jsonOnB })
        {
            await Eventually.TrueAsync(() => c.Comments.Count == 2, "two comments on every client");
            Assert.Contains(c.Comments, x => x.Text == "hello from A" && x.RoomId == roomId && x.At > 0 && x.DisplayName.Length > 0);
            await Eventually.TrueAsync(() => c.Likes.Any(l => l.Total == 7), "the like total on every client");
        }

        using var host = cluster.A.CreateClient(hostToken);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await host.DeleteAsync($"/api/live/{roomId}")).StatusCode);
        foreach (var c in new[] { jsonOnA, packOnB, jsonOnB })
        {
            await Eventually.TrueAsync(() => c.Ended.Any(e => e.RoomId == roomId), "roomEnded on every client");
            Assert.Equal("host", c.Ended.Single(e => e.RoomId == roomId).Reason); // JSON and MessagePack alike
        }
    }

    [Fact]
    public async Task A_joiner_gets_the_last_fifty_comments_in_the_snapshot()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        var grain = cluster.Grains.GetGrain<ILiveRoomGrain>(roomId);
        // Eleven users, six comments each (the per-user burst is five, so space them by user).
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(RoomResult.Ok, await grain.Comment($"user{i % 12}", $"User {i % 12}", $"comment {i}"));
        }
        await using var viewer = await LiveClient.ConnectAsync(cluster.B, null, messagePack: true);
        var snapshot = await viewer.JoinAsync(roomId);
        Assert.Equal(50, snapshot.Comments.Count);
        Assert.Equal("comment 10", snapshot.Comments[0].Text);
        Assert.Equal("comment 59", snapshot.Comments[^1].Text);
    }

    [Fact]
    public async Task Gifts_reach_both_gateways_with_combo_and_leaderboard()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        await using var onA = await LiveClient.ConnectAsync(cluster.A, null);
        await using var onB = await LiveClient.ConnectAsync(cluster.B, null, messagePack: true);
        await onA.JoinAsync(roomId);
        await onB.JoinAsync(roomId);
        var grain = cluster.Grains.GetGrain<ILiveRoomGrain>(roomId);
        Assert.Equal(GiftGate.Allowed, await grain.CheckGift("fan"));

        var now = DateTimeOffset.UtcNow;
        await grain.PublishGift(new GiftEvent(roomId, "fan", "Fan", "rose", "Rose", "rose.json", true, 1, 1, "r1", now));
        await grain.PublishGift(new GiftEvent(roomId, "fan", "Fan", "rose", "Rose", "rose.json", true, 2, 2, "r2", now.AddSeconds(1)));
        await grain.PublishGift(new GiftEvent(roomId, "fan", "Fan", "rose", "Rose", "rose.json", true, 2, 2, "r2", now.AddSeconds(1)));
        await grain.PublishGift(new GiftEvent(roomId, "whale", "Whale", "lion", "Lion", "lion.json", false, 1, 500, "r3", now.AddSeconds(2)));

        foreach (var c in new[] { onA, onB })
        {
            await Eventually.TrueAsync(() => c.Gifts.Count == 3, "three gifts (the repeated request id counts once)");
            Assert.Equal([1, 3, 1], c.Gifts.Select(g => g.Combo).ToArray());
            await Eventually.TrueAsync(() => c.Leaderboards.Any(l => l.TopGifters.Count == 2), "the leaderboard");
            var board = c.Leaderboards.Last().TopGifters;
            Assert.Equal(("whale", 500L), (board[0].UserId, board[0].Coins));
            Assert.Equal(("fan", 3L), (board[1].UserId, board[1].Coins));
        }
        using var http = cluster.A.CreateClient();
        var room = await http.GetFromJsonAsync<RoomView>($"/api/live/{roomId}");
        Assert.Equal("whale", room!.TopGifters[0].UserId);
    }

    [Fact]
    public async Task Gifts_sent_over_the_hub_reach_viewers_on_both_gateways()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        var (senderId, senderToken) = await cluster.A.RegisterAsync();
        var ticket = await cluster.Grains.GetGrain<Contracts.Wallet.IWalletGrain>(senderId).StartPurchase("coins-700");
        Assert.Equal(Contracts.Wallet.PaymentOutcome.Credited, await cluster.Grains.GetGrain<Contracts.Wallet.IPaymentsGrain>(0).Apply(
            new Contracts.Wallet.PaymentSignal("rooms-paid:" + ticket!.PurchaseId, Contracts.Wallet.PaymentSignalKind.Paid, ticket.PurchaseId, null, "pi_" + ticket.PurchaseId, "test.paid")));
        await using var sender = await LiveClient.ConnectAsync(cluster.A, senderToken);
        await using var onB = await LiveClient.ConnectAsync(cluster.B, null, messagePack: true);
        await sender.JoinAsync(roomId);
        await onB.JoinAsync(roomId);

        await sender.Connection.InvokeAsync<System.Text.Json.JsonElement>("SendGift", roomId, "rose", 1, "g-1");
        await sender.Connection.InvokeAsync<System.Text.Json.JsonElement>("SendGift", roomId, "rose", 2, "g-2");
        foreach (var c in new[] { sender, onB })
        {
            await Eventually.TrueAsync(() => c.Gifts.Count == 2, "two gifts on both gateways");
            Assert.Equal([1, 3], c.Gifts.Select(g => g.Combo).ToArray());
            Assert.All(c.Gifts, g => Assert.Equal((roomId, senderId, "rose"), (g.RoomId, g.UserId, g.GiftId)));
            await Eventually.TrueAsync(() => c.Leaderboards.Any(l => l.TopGifters.Count == 1 && l.TopGifters[0].UserId == senderId), "the leaderboard");
        }
    }

    [Fact]
    public async Task Batched_viewers_get_one_message_per_window_with_every_event()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        await using var viewer = await LiveClient.ConnectAsync(cluster.B, null, messagePack: true);
        var snapshot = await viewer.Connection.InvokeAsync<Gateway.Rooms.Payloads.RoomSnapshotPayload>("JoinRoomBatched", roomId);
        Assert.Equal(roomId, snapshot.RoomId);
        var grain = cluster.Grains.GetGrain<ILiveRoomGrain>(roomId);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => grain.Comment($"b{i}", "B", $"batched {i}")));
        await Eventually.TrueAsync(() => viewer.Batches.Sum(b => b.Comments.Count) == 5, "five comments in batches");
        Assert.Empty(viewer.Comments);
        Assert.True(viewer.Batches.All(b => b.SentAt > 0));
    }

    [Fact]
    public async Task Batched_viewers_spread_over_shards_get_each_event_once_and_leavers_get_none()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        var viewers = new List<LiveClient>();
        try
        {
            // Four viewers over three shards (two share one); the first joins twice and must stay in one shard.
            for (var i = 0; i < 4; i++)
            {
                var viewer = await LiveClient.ConnectAsync(cluster.B, null, messagePack: true);
                viewers.Add(viewer);
                await viewer.Connection.InvokeAsync<Gateway.Rooms.Payloads.RoomSnapshotPayload>("JoinRoomBatched", roomId);
            }
            await viewers[0].Connection.InvokeAsync<Gateway.Rooms.Payloads.RoomSnapshotPayload>("JoinRoomBatched", roomId);
            await viewers[3].Connection.InvokeAsync("LeaveRoom", roomId);
            var grain = cluster.Grains.GetGrain<ILiveRoomGrain>(roomId);
            for (var i = 0; i < 3; i++)
            {
                await grain.Comment($"s{i}", "S", $"sharded {i}");
            }
            await Eventually.TrueAsync(() => viewers.Take(3).All(v => v.Batches.Sum(b => b.Comments.Count) >= 3), "three comments to every viewer");
            // A last comment flushes out any duplicate a second shard would have sent with the first three.
            await grain.Comment("s3", "S", "sharded last");
            await Eventually.TrueAsync(() => viewers.Take(3).All(v => v.Batches.Any(b => b.Comments.Any(c => c.Text == "sharded last"))), "the last comment");
            foreach (var viewer in viewers.Take(3))
            {
                var texts = viewer.Batches.SelectMany(b => b.Comments).Select(c => c.Text).ToList();
                Assert.Equal(["sharded 0", "sharded 1", "sharded 2", "sharded last"], texts);
            }
            Assert.DoesNotContain(viewers[3].Batches, b => b.Comments.Count > 0);
        }
        finally
        {
            foreach (var viewer in viewers)
            {
                await viewer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_connection_that_switches_to_batched_mode_stops_getting_separate_events()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        await using var viewer = await LiveClient.ConnectAsync(cluster.B, null, messagePack: true);
        await viewer.JoinAsync(roomId);
        await viewer.Connection.InvokeAsync<Gateway.Rooms.Payloads.RoomSnapshotPayload>("JoinRoomBatched", roomId);
        var grain = cluster.Grains.GetGrain<ILiveRoomGrain>(roomId);
        await grain.Comment("m1", "M", "mode 1");
        await Eventually.TrueAsync(() => viewer.Batches.Any(b => b.Comments.Any(c => c.Text == "mode 1")), "the first comment batched");
        await grain.Comment("m2", "M", "mode 2");
        await Eventually.TrueAsync(() => viewer.Batches.Any(b => b.Comments.Any(c => c.Text == "mode 2")), "the second comment batched");
        // One connection receives in order: a separate event for the first comment would have come before the second batch.
        Assert.Empty(viewer.Comments);
    }

    private sealed record RoomView(string RoomId, string Status, int Viewers, long Likes, List<Gifter> TopGifters);

    private sealed record Gifter(string UserId, string DisplayName, long Coins);
}
