using System.Net.Http.Json;
using Stagecast.TestInfrastructure;

namespace Stagecast.Rooms.Tests;

/// <summary>Issue 14: a chat-only room (live without media) that goes quiet ends by itself after the configured idle time.</summary>
public sealed class ChatIdleTests
{
    private sealed record RoomView(string RoomId, string Status, string? EndedReason);

    private sealed record Listing(string RoomId);

    [Fact]
    public async Task A_quiet_chat_only_room_ends_by_itself_and_viewers_hear_roomEnded()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            // Long enough for the viewer to connect and comment on a loaded box (at load 37, 3 s ran out before the
            // comment and the test failed with room_ended), short enough to wait for.
            ["Stagecast:RoomLifecycle:ChatIdleTimeout"] = "00:00:10",
        });
        var room = await host.OpenRoomAsync("chat only");
        using var http = host.CreateClient();
        Assert.Contains((await http.GetFromJsonAsync<List<Listing>>("/api/live"))!, l => l.RoomId == room.RoomId);
        await using var viewer = await LiveClient.ConnectAsync(host, room.HostToken);
        await viewer.JoinAsync(room.RoomId);
        await viewer.CommentAsync(room.RoomId, "anyone here?");

        await Eventually.TrueAsync(() => !viewer.Ended.IsEmpty, "roomEnded after the idle timeout", timeoutSeconds: 60);
        var told = Assert.Single(viewer.Ended);
        Assert.Equal((room.RoomId, "idle"), (told.RoomId, told.Reason));
        var view = (await http.GetFromJsonAsync<RoomView>($"/api/live/{room.RoomId}"))!;
        Assert.Equal(("ended", "idle"), (view.Status, view.EndedReason));
        Assert.DoesNotContain((await http.GetFromJsonAsync<List<Listing>>("/api/live"))!, l => l.RoomId == room.RoomId);
    }
}
