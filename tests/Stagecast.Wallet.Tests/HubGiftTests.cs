using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// SendGift end to end: a real SignalR client on /hubs/live, a real room (issue 3's live room grain), the sandbox
/// purchase path for coins.
/// </summary>
public sealed class HubGiftTests(SandboxGatewayFixture fixture) : IClassFixture<SandboxGatewayFixture>
{
        private GatewayHost Host => fixture.Host;

    private async Task<(string UserId, string Token)> FundedViewerAsync(string packId = "coins-700")
    {
        var (userId, token) = await Host.RegisterAsync();
        await WalletKit.FundAsync(Host.Grains(), userId, packId);
        return (userId, token);
    }

    private async Task<HubConnection> ConnectAsync(string token, ConcurrentQueue<JsonElement> gifts)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Host.BaseAddress, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        connection.On<JsonElement>("gift", g => gifts.Enqueue(g));
        await connection.StartAsync();
        return connection;
    }

    private static async Task<string> ErrorCodeAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        // The client prefixes "An unexpected error occurred invoking 'X' on the server. HubException: ".
        var start = error.Message.LastIndexOf("HubException: ", StringComparison.Ordinal);
        var body = start >= 0 ? error.Message[(start + "HubException: ".Length)..] : error.Message;
        return body[..body.IndexOf(':')];
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(20, guard.Token);
        }
    }

    [Fact]
    public async Task SendGift_pays_once_per_request_id_and_the_room_sees_it()
    {
        var (hostId, _, roomId, _, _, _) = await Host.OpenRoomAsync("gift test");
        var (viewerId, viewerToken) = await FundedViewerAsync();
        var gifts = new ConcurrentQueue<JsonElement>();
        await using var viewer = await ConnectAsync(viewerToken, gifts);
        await viewer.InvokeAsync<JsonElement>("JoinRoom", roomId);

        var receipt = await viewer.InvokeAsync<JsonElement>("SendGift", roomId, "finger-heart", 3, "req-1");
        Assert.Equal("req-1", receipt.GetProperty("requestId").GetString());
        Assert.Equal(685, receipt.GetProperty("coins").GetInt64());
        var again = await viewer.InvokeAsync<JsonElement>("SendGift", roomId, "finger-heart", 3, "req-1");
        Assert.Equal(685, again.GetProperty("coins").GetInt64());

        await WaitForAsync(() => !gifts.IsEmpty);
        var gift = gifts.Single();
        Assert.Equal(roomId, gift.GetProperty("roomId").GetString());
        Assert.Equal(viewerId, gift.GetProperty("userId").GetString());
        Assert.Equal("finger-heart", gift.GetProperty("giftId").GetString());
        Assert.Equal(3, gift.GetProperty("count").GetInt32());
        Assert.Equal(15, gift.GetProperty("coins").GetInt64());
        Assert.Equal("req-1", gift.GetProperty("requestId").GetString());

        using var client = Host.CreateClient(viewerToken);
        Assert.Equal(685, (await WalletKit.GetWalletAsync(client)).GetProperty("coins").GetInt64());
        var room = await (await client.GetAsync($"/api/live/{roomId}")).JsonAsync();
        var top = room.GetProperty("topGifters").EnumerateArray().First();
        Assert.Equal(viewerId, top.GetProperty("userId").GetString());
        Assert.Equal(15, top.GetProperty("coins").GetInt64());
        Assert.Equal(7, (await Host.Grains().GetGrain<Contracts.Wallet.IWalletGrain>(hostId).GetSummary()).PendingDiamonds
            + (await Host.Grains().GetGrain<Contracts.Wallet.IWalletGrain>(hostId).GetSummary()).Diamonds);
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    [Fact]
    public async Task Streakable_gifts_form_a_combo()
    {
        var (_, _, roomId, _, _, _) = await Host.OpenRoomAsync("gift test");
        var (_, viewerToken) = await FundedViewerAsync();
        var gifts = new ConcurrentQueue<JsonElement>();
        await using var viewer = await ConnectAsync(viewerToken, gifts);
        await viewer.InvokeAsync<JsonElement>("JoinRoom", roomId);
        for (var i = 0; i < 3; i++)
        {
            await viewer.InvokeAsync<JsonElement>("SendGift", roomId, "rose", 1, $"combo-{i}");
        }
        await WaitForAsync(() => gifts.Count == 3);
        Assert.Equal([1, 2, 3], gifts.Select(g => g.GetProperty("combo").GetInt32()).ToArray());
    }

    [Fact]
    public async Task SendGift_errors_are_typed()
    {
        var (_, hostToken, roomId, _, _, _) = await Host.OpenRoomAsync("gift test");
        var (_, viewerToken) = await FundedViewerAsync("coins-70");
        var gifts = new ConcurrentQueue<JsonElement>();
        await using var viewer = await ConnectAsync(viewerToken, gifts);
        await viewer.InvokeAsync<JsonElement>("JoinRoom", roomId);

        Assert.Equal("unknown_gift", await ErrorCodeAsync(() => viewer.InvokeAsync<JsonElement>("SendGift", roomId, "tiara", 1, "e1")));
        foreach (var count in new[] { 0, -1, 100, int.MaxValue })
        {
            Assert.Equal("invalid_count", await ErrorCodeAsync(() => viewer.InvokeAsync<JsonElement>("SendGift", roomId, "rose", count, "e2")));
        }
        Assert.Equal("insufficient_coins", await ErrorCodeAsync(() => viewer.InvokeAsync<JsonElement>("SendGift", roomId, "disco-ball", 1, "e3")));
        Assert.Equal("unknown_room", await ErrorCodeAsync(() => viewer.InvokeAsync<JsonElement>("SendGift", "no-such-room", "rose", 1, "e4")));
        Assert.Equal("invalid_request", await ErrorCodeAsync(() => viewer.InvokeAsync<JsonElement>("SendGift", roomId, "rose", 1, "")));

        var paid = await viewer.InvokeAsync<JsonElement>("SendGift", roomId, "rose", 1, "e5");
        using var hostClient = Host.CreateClient(hostToken);

        var (hostUserId, _) = (await hostClient.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("userId").GetString() is { } h ? (h, 0) : ("", 0);
        await WalletKit.FundAsync(Host.Grains(), hostUserId, "coins-70");
        await using (var hostHub = await ConnectAsync(hostToken, new ConcurrentQueue<JsonElement>()))
        {
            Assert.Equal("self_gift", await ErrorCodeAsync(() => hostHub.InvokeAsync<JsonElement>("SendGift", roomId, "rose", 1, "self")));
        }
        var (otherId, otherToken) = await FundedViewerAsync("coins-70");
        (await hostClient.PutAsync($"/api/live/{roomId}/bans/{otherId}", null)).EnsureSuccessStatusCode();
        await using (var banned = await ConnectAsync(otherToken, new ConcurrentQueue<JsonElement>()))
        {
            Assert.Equal("banned", await ErrorCodeAsync(() => banned.InvokeAsync<JsonElement>("SendGift", roomId, "rose", 1, "b1")));
        }
        var notStarted = (await Host.OpenRoomAsync("not started", start: false, hostToken)).RoomId;
        Assert.Equal("room_not_live", await ErrorCodeAsync(() => viewer.InvokeAsync<JsonElement>("SendGift", notStarted, "rose", 1, "e7")));

        (await hostClient.DeleteAsync($"/api/live/{roomId}")).EnsureSuccessStatusCode();
        Assert.Equal("room_not_live", await ErrorCodeAsync(() => viewer.InvokeAsync<JsonElement>("SendGift", roomId, "rose", 1, "e6")));
        // A retry of a gift paid before the room ended still gets its receipt.
        var retry = await viewer.InvokeAsync<JsonElement>("SendGift", roomId, "rose", 1, "e5");
        Assert.Equal(paid.GetProperty("coins").GetInt64(), retry.GetProperty("coins").GetInt64());
        using var client = Host.CreateClient(viewerToken);
        Assert.Equal(69, (await WalletKit.GetWalletAsync(client)).GetProperty("coins").GetInt64());
    }

    [Fact]
    public async Task Concurrent_gifts_from_several_senders_are_each_published_once_with_running_combos_and_totals()
    {
        // Gifts are published in coalesced calls per room; every paid gift must still reach the room once, in
        // payment order per sender (combo 1..N), with the board's totals matching, even though each sender
        // disconnects as soon as its last receipt arrived.
        var (_, _, roomId, _, _, _) = await Host.OpenRoomAsync("gift test");
        var gifts = new ConcurrentQueue<JsonElement>();
        var (_, watcherToken) = await Host.RegisterAsync();
        await using var watcher = await ConnectAsync(watcherToken, gifts);
        await watcher.InvokeAsync<JsonElement>("JoinRoom", roomId);
        const int Senders = 4;
        const int PerSender = 12;
        var senderIds = new string[Senders];
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async s =>
        {
            var (senderId, token) = await FundedViewerAsync();
            senderIds[s] = senderId;
            var sender = await ConnectAsync(token, new ConcurrentQueue<JsonElement>());
            for (var i = 0; i < PerSender; i++)
            {
                await sender.InvokeAsync<JsonElement>("SendGift", roomId, "finger-heart", 1, $"c-{s}-{i}");
            }
            await sender.DisposeAsync();
        }));

        // A marker gift paid after every other one: once it reached the watcher, a duplicate of an earlier
        // gift would have reached it too (one room's gifts are published in payment order).
        var (_, markerToken) = await FundedViewerAsync();
        await using (var marker = await ConnectAsync(markerToken, new ConcurrentQueue<JsonElement>()))
        {
            await marker.InvokeAsync<JsonElement>("SendGift", roomId, "finger-heart", 1, "marker");
        }
        await WaitForAsync(() => gifts.Any(g => g.GetProperty("requestId").GetString() == "marker"));
        Assert.Equal(Senders * PerSender + 1, gifts.Count);
        Assert.Equal(Senders * PerSender + 1, gifts.Select(g => g.GetProperty("requestId").GetString()).Distinct().Count());
        foreach (var senderId in senderIds)
        {
            var combos = gifts.Where(g => g.GetProperty("userId").GetString() == senderId).Select(g => g.GetProperty("combo").GetInt32()).ToArray();
            Assert.Equal(Enumerable.Range(1, PerSender).ToArray(), combos);
        }
        using var client = Host.CreateClient(watcherToken);
        var board = (await (await client.GetAsync($"/api/live/{roomId}")).JsonAsync()).GetProperty("topGifters").EnumerateArray()
            .ToDictionary(g => g.GetProperty("userId").GetString()!, g => g.GetProperty("coins").GetInt64());
        foreach (var senderId in senderIds)
        {
            Assert.Equal(5 * PerSender, board[senderId]);
        }
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }
}
