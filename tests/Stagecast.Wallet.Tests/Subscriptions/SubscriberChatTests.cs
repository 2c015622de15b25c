using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;
using static Stagecast.Wallet.Tests.Matches.MatchKit;

namespace Stagecast.Wallet.Tests.Subscriptions;

/// <summary>
/// What a subscription gives in the creator's rooms, over the real hub: the badge on comments and gifts in every room
/// of the creator (and nowhere else), and subscriber-only chat with its typed refusal and its exemptions.
/// </summary>
public sealed class SubscriberChatTests(SandboxGatewayFixture fixture) : IClassFixture<SandboxGatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task A_subscriber_wears_the_badge_on_comments_and_gifts_in_every_room_of_the_creator_only()
    {
        var first = await Host.OpenRoomAsync("first room");
        var other = await Host.OpenRoomAsync("someone else's room");
        var (fanId, fanToken) = await Host.RegisterAsync();
        await SubscribeAsync(fanToken, first.HostId, "superfan", renewals: 1);
        await WalletKit.FundAsync(Host.Grains(), fanId);
        var (_, plainToken) = await Host.RegisterAsync();
        var (_, watcherToken) = await Host.RegisterAsync();
        await using var fan = await ConnectAsync(Host, fanToken, null);
        await using var plain = await ConnectAsync(Host, plainToken, null);
        await using var watcher = await ConnectAsync(Host, watcherToken, null);
        var events = Record(watcher);
        await watcher.InvokeAsync<JsonElement>("JoinRoom", first.RoomId);
        await watcher.InvokeAsync<JsonElement>("JoinRoom", other.RoomId);

        await fan.InvokeAsync("SendComment", first.RoomId, "fan here");
        await plain.InvokeAsync("SendComment", first.RoomId, "plain here");
        await GiftAsync(fan, first.RoomId, "rose", 1, "badge-gift");
        await fan.InvokeAsync("SendComment", other.RoomId, "fan elsewhere");
        var second = await Host.OpenRoomAsync("second room", hostToken: first.HostToken);
        await watcher.InvokeAsync<JsonElement>("JoinRoom", second.RoomId);
        await fan.InvokeAsync("SendComment", second.RoomId, "fan in the second room");

        Assert.Equal(("superfan", 2), Badge(await Next(events, "comment", "fan here")));
        Assert.Null(Badge(await Next(events, "comment", "plain here")));
        Assert.Equal(("superfan", 2), Badge(await Next(events, "gift", "badge-gift")));
        Assert.Null(Badge(await Next(events, "comment", "fan elsewhere")));
        Assert.Equal(("superfan", 2), Badge(await Next(events, "comment", "fan in the second room")));
        var snapshot = await watcher.InvokeAsync<JsonElement>("JoinRoom", first.RoomId);
        var kept = snapshot.GetProperty("comments").EnumerateArray().Single(c => c.GetProperty("text").GetString() == "fan here");
        Assert.Equal(("superfan", 2), Badge(kept));
    }

    [Fact]
    public async Task Subscriber_only_chat_refuses_others_with_a_typed_error_and_admits_subscribers_the_host_and_moderators()
    {
        var room = await Host.OpenRoomAsync("subscribers only");
        var (_, subToken) = await Host.RegisterAsync();
        await SubscribeAsync(subToken, room.HostId, "supporter");
        var (_, viewerToken) = await Host.RegisterAsync();
        var (modId, modToken) = await Host.RegisterAsync();
        using var hostHttp = Host.CreateClient(room.HostToken);
        Assert.Equal(HttpStatusCode.NoContent, (await hostHttp.PutAsync($"/api/live/{room.RoomId}/moderators/{modId}", null)).StatusCode);
        await using var host = await ConnectAsync(Host, room.HostToken, null);
        await using var sub = await ConnectAsync(Host, subToken, null);
        await using var viewer = await ConnectAsync(Host, viewerToken, null);
        await using var mod = await ConnectAsync(Host, modToken, null);
        var events = Record(viewer);
        await viewer.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        await viewer.InvokeAsync("SendComment", room.RoomId, "before the switch"); // the gateway now knows this viewer as no subscriber

        Assert.Equal("not_allowed", await CodeAsync(() => viewer.InvokeAsync("SetSubscribersOnly", room.RoomId, true)));
        await host.InvokeAsync("SetSubscribersOnly", room.RoomId, true);
        await Next(events, "moderation", "subscribersOnly");
        Assert.True((await viewer.InvokeAsync<JsonElement>("JoinRoom", room.RoomId)).GetProperty("subscribersOnly").GetBoolean());
        Assert.Equal("subscribers_only", await CodeAsync(() => viewer.InvokeAsync("SendComment", room.RoomId, "let me in")));
        await sub.InvokeAsync("SendComment", room.RoomId, "subscriber speaks");
        await mod.InvokeAsync("SendComment", room.RoomId, "moderator speaks");
        await host.InvokeAsync("SendComment", room.RoomId, "host speaks");
        foreach (var text in new[] { "subscriber speaks", "moderator speaks", "host speaks" })
        {
            await Next(events, "comment", text);
        }

        // Subscribing lets the viewer speak at once: the refusal is checked fresh, not from the gateway's cache.
        await SubscribeAsync(viewerToken, room.HostId, "supporter");
        await viewer.InvokeAsync("SendComment", room.RoomId, "now I subscribe");
        Assert.Equal(("supporter", 1), Badge(await Next(events, "comment", "now I subscribe")));

        var off = await hostHttp.PutAsJsonAsync($"/api/live/{room.RoomId}/subscribers-only", new { enabled = false });
        Assert.Equal(HttpStatusCode.NoContent, off.StatusCode);
        await Next(events, "moderation", "allChat");
        var (_, lateToken) = await Host.RegisterAsync();
        await using var late = await ConnectAsync(Host, lateToken, null);
        await late.InvokeAsync("SendComment", room.RoomId, "everyone again");
        Assert.Null(Badge(await Next(events, "comment", "everyone again")));
        Assert.False((await hostHttp.GetFromJsonAsync<JsonElement>($"/api/live/{room.RoomId}/moderation")).GetProperty("subscribersOnly").GetBoolean());
    }

    /// <summary>Subscribes through the sandbox checkout (confirm pays the first month; each renewal one more).</summary>
    private async Task SubscribeAsync(string token, string creatorId, string tierId, int renewals = 0)
    {
        using var client = Host.CreateClient(token);
        var created = await client.PostAsJsonAsync("/api/subscriptions", new { creatorId, tierId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var checkout = new Uri((await created.JsonAsync()).GetProperty("checkoutUrl").GetString()!);
        // The page is the subscriber's by its ?t= token (without it: 404); a done action redirects back into the web app.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };
        async Task Act(string action) => Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync($"{checkout.AbsolutePath}/{action}{checkout.Query}", null)).StatusCode);
        await Act("confirm");
        for (var i = 0; i < renewals; i++)
        {
            await Act("renew");
        }
    }

    private static ConcurrentQueue<(string Kind, JsonElement Body)> Record(HubConnection connection)
    {
        var events = new ConcurrentQueue<(string, JsonElement)>();
        connection.On<JsonElement>("comment", c => events.Enqueue(("comment", c)));
        connection.On<JsonElement>("gift", g => events.Enqueue(("gift", g)));
        connection.On<JsonElement>("moderation", m => events.Enqueue(("moderation", m)));
        return events;
    }

    /// <summary>The first event of a kind whose text, request id or action is <paramref name="key"/> (polled with a deadline).</summary>
    private static async Task<JsonElement> Next(ConcurrentQueue<(string Kind, JsonElement Body)> events, string kind, string key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            foreach (var (k, body) in events)
            {
                var name = kind switch { "comment" => "text", "gift" => "requestId", _ => "action" };
                if (k == kind && body.GetProperty(name).GetString() == key)
                {
                    return body;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {kind} {key}");
            await Task.Delay(50);
        }
    }

    private static (string, int)? Badge(JsonElement item) =>
        item.TryGetProperty("badge", out var b) && b.ValueKind == JsonValueKind.Object
            ? (b.GetProperty("tier").GetString()!, b.GetProperty("months").GetInt32())
            : null;

    private static async Task<string> CodeAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        var text = error.Message[(error.Message.IndexOf("HubException: ", StringComparison.Ordinal) + 14)..];
        return text[..text.IndexOf(':')];
    }
}
