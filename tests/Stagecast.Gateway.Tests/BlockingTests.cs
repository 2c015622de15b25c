using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>Issue 14, blocking: real HTTP and SignalR clients against an embedded gateway.</summary>
public sealed class BlockingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private async Task<HubConnection> HubAsync(string token)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(Host.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }).Build();
        await hub.StartAsync();
        return hub;
    }

    private static async Task<string> HubErrorAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        var message = error.Message;
        var at = message.IndexOf("HubException: ", StringComparison.Ordinal);
        var code = at < 0 ? message : message[(at + "HubException: ".Length)..];
        return code[..code.IndexOf(':', StringComparison.Ordinal)];
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_blocked_user_cannot_comment_or_gift_in_the_blockers_room_until_unblocked()
    {
        var room = await Host.OpenRoomAsync("Host who blocks");
        var (trollId, trollToken) = await Host.RegisterAsync();
        var (_, otherToken) = await Host.RegisterAsync();
        await using var troll = await HubAsync(trollToken);
        await using var other = await HubAsync(otherToken);
        await troll.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        await other.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        await troll.InvokeAsync("SendComment", room.RoomId, "before the block");

        using var host = Host.CreateClient(room.HostToken);
        Assert.Equal(HttpStatusCode.NoContent, (await host.PostAsync($"/api/me/blocks/{trollId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.PostAsync($"/api/me/blocks/{trollId}", null)).StatusCode); // idempotent

        // The live room refuses them at once, with a typed error; the gift gate before any coins are looked at.
        Assert.Equal("blocked", await HubErrorAsync(() => troll.InvokeAsync("SendComment", room.RoomId, "after the block")));
        Assert.Equal("blocked", await HubErrorAsync(() => troll.InvokeAsync<JsonElement>("SendGift", room.RoomId, "rose", 1, Guid.NewGuid().ToString("N"))));
        // Someone else is untouched (their gift fails only for want of coins).
        await other.InvokeAsync("SendComment", room.RoomId, "still welcome");
        Assert.Equal("insufficient_coins", await HubErrorAsync(() => other.InvokeAsync<JsonElement>("SendGift", room.RoomId, "rose", 1, Guid.NewGuid().ToString("N"))));

        // A room the host opens later knows the block from the start.
        var later = await Host.OpenRoomAsync("Second live", hostToken: room.HostToken);
        await troll.InvokeAsync<JsonElement>("JoinRoom", later.RoomId);
        Assert.Equal("blocked", await HubErrorAsync(() => troll.InvokeAsync("SendComment", later.RoomId, "new room, same me")));

        var list = await host.GetFromJsonAsync<JsonElement>("/api/me/blocks");
        var entry = Assert.Single(list.EnumerateArray());
        Assert.Equal(trollId, entry.GetProperty("userId").GetString());
        Assert.StartsWith("u", entry.GetProperty("username").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await host.DeleteAsync($"/api/me/blocks/{trollId}")).StatusCode);
        await troll.InvokeAsync("SendComment", room.RoomId, "sorry");
        await troll.InvokeAsync("SendComment", later.RoomId, "sorry again");
        Assert.Empty((await host.GetFromJsonAsync<JsonElement>("/api/me/blocks")).EnumerateArray());
    }

    [Fact]
    public async Task The_blocker_is_not_sent_the_blocked_users_comments_in_anyone_elses_room()
    {
        var room = await Host.OpenRoomAsync("Third party room");
        var (_, blockerToken) = await Host.RegisterAsync();
        var (trollId, trollToken) = await Host.RegisterAsync();
        using (var blocker = Host.CreateClient(blockerToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await blocker.PostAsync($"/api/me/blocks/{trollId}", null)).StatusCode);
        }
        var separate = new ConcurrentQueue<string>();
        var batched = new ConcurrentQueue<string>();
        var bystander = new ConcurrentQueue<string>();
        await using var blockerHub = await HubAsync(blockerToken);
        blockerHub.On<JsonElement>("comment", c => separate.Enqueue(c.GetProperty("text").GetString()!));
        await using var blockerBatched = await HubAsync(blockerToken);
        blockerBatched.On<JsonElement>("batch", b =>
        {
            foreach (var c in b.GetProperty("comments").EnumerateArray())
            {
                batched.Enqueue(c.GetProperty("text").GetString()!);
            }
        });
        await using var other = await HubAsync((await Host.RegisterAsync()).Token);
        other.On<JsonElement>("comment", c => bystander.Enqueue(c.GetProperty("text").GetString()!));
        await using var troll = await HubAsync(trollToken);
        await troll.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        await troll.InvokeAsync("SendComment", room.RoomId, "troll said this first");

        await blockerHub.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        var snapshot = await blockerBatched.InvokeAsync<JsonElement>("JoinRoomBatched", room.RoomId);
        var othersSnapshot = await other.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        // The join snapshot's recent comments leave the blocked user out as well (others still see them).
        Assert.Contains(othersSnapshot.GetProperty("comments").EnumerateArray(), c => c.GetProperty("userId").GetString() == trollId);
        Assert.DoesNotContain(snapshot.GetProperty("comments").EnumerateArray(), c => c.GetProperty("userId").GetString() == trollId);

        await troll.InvokeAsync("SendComment", room.RoomId, "troll again");
        await using (var hostHub = await HubAsync(room.HostToken))
        {
            await hostHub.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
            await hostHub.InvokeAsync("SendComment", room.RoomId, "host after the troll");
        }
        // Comments arrive in order: once the host's later comment is here, the troll's would have been too.
        await WaitForAsync(() => separate.Contains("host after the troll"), "the blocker never got the host's comment");
        await WaitForAsync(() => batched.Contains("host after the troll"), "the batched blocker never got the host's comment");
        await WaitForAsync(() => bystander.Contains("host after the troll"), "the bystander never got the host's comment");
        Assert.DoesNotContain("troll again", separate);
        Assert.DoesNotContain("troll again", batched);
        Assert.Contains("troll again", bystander);
    }

    [Fact]
    public async Task Neither_side_sees_the_others_live_in_the_live_list_or_feed_and_follows_end()
    {
        var (blockerId, blockerToken) = await Host.RegisterAsync();
        var (blockedId, blockedToken) = await Host.RegisterAsync();
        var blockerRoom = await Host.OpenRoomAsync("Blocker live", hostToken: blockerToken);
        var blockedRoom = await Host.OpenRoomAsync("Blocked live", hostToken: blockedToken);
        using var blocker = Host.CreateClient(blockerToken);
        using var blocked = Host.CreateClient(blockedToken);
        using var anonymous = Host.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await blocked.PostAsync($"/api/users/{blockerId}/follow", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await blocker.PostAsync($"/api/users/{blockedId}/follow", null)).StatusCode);
        Assert.Contains(RoomIds(await blocker.GetFromJsonAsync<JsonElement>("/api/live")), id => id == blockedRoom.RoomId);

        Assert.Equal(HttpStatusCode.NoContent, (await blocker.PostAsync($"/api/me/blocks/{blockedId}", null)).StatusCode);

        var blockerSees = RoomIds(await blocker.GetFromJsonAsync<JsonElement>("/api/live"));
        Assert.DoesNotContain(blockedRoom.RoomId, blockerSees);
        Assert.Contains(blockerRoom.RoomId, blockerSees);
        Assert.DoesNotContain(blockerRoom.RoomId, RoomIds(await blocked.GetFromJsonAsync<JsonElement>("/api/live")));
        var everyone = RoomIds(await anonymous.GetFromJsonAsync<JsonElement>("/api/live"));
        Assert.Contains(blockedRoom.RoomId, everyone);
        Assert.Contains(blockerRoom.RoomId, everyone);

        // The follow the blocked user had would have put the blocker's live first in their feed.
        var feed = await blocked.GetFromJsonAsync<JsonElement>("/api/feed?size=30");
        Assert.DoesNotContain(feed.GetProperty("items").EnumerateArray(), i => i.ToString().Contains(blockerRoom.RoomId, StringComparison.Ordinal));
        Assert.Empty((await blocked.GetFromJsonAsync<JsonElement>($"/api/users/{blockedId}/following")).GetProperty("userIds").EnumerateArray());
        Assert.Empty((await blocker.GetFromJsonAsync<JsonElement>($"/api/users/{blockerId}/following")).GetProperty("userIds").EnumerateArray());
    }

    [Fact]
    public async Task Bad_block_requests_are_problems()
    {
        var (meId, token) = await Host.RegisterAsync();
        using var me = Host.CreateClient(token);
        await ProblemAssert.IsProblem(await me.PostAsync($"/api/me/blocks/{meId}", null), HttpStatusCode.BadRequest, "cannot_block_self");
        await ProblemAssert.IsProblem(await me.PostAsync("/api/me/blocks/nobody-here", null), HttpStatusCode.NotFound, "unknown_user");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.CreateClient().GetAsync("/api/me/blocks")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await me.DeleteAsync("/api/me/blocks/nobody-here")).StatusCode);
    }

    private static List<string> RoomIds(JsonElement list) => list.EnumerateArray().Select(r => r.GetProperty("roomId").GetString()!).ToList();
}
