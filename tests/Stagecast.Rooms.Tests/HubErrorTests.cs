using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Rooms.Tests;

/// <summary>Each typed hub error, and input that must be refused without harming the gateway or the grain.</summary>
[Collection(RoomsCollection.Name)]
public sealed class HubErrorTests(RoomsCluster cluster)
{
    [Fact]
    public async Task Unknown_rooms_are_refused_with_unknown_room()
    {
        var (_, token) = await cluster.A.RegisterAsync();
        await using var client = await LiveClient.ConnectAsync(cluster.A, token, messagePack: true);
        Assert.Equal("unknown_room", await LiveClient.ErrorCodeAsync(() => client.JoinAsync("no-such-room")));
        Assert.Equal("unknown_room", await LiveClient.ErrorCodeAsync(() => client.CommentAsync("no-such-room", "hi")));
        Assert.Equal("unknown_room", await LiveClient.ErrorCodeAsync(() => client.JoinAsync("../../etc/passwd")));
        Assert.Equal("unknown_room", await LiveClient.ErrorCodeAsync(() => client.JoinAsync(new string('a', 5000))));
        Assert.Equal("unknown_room", await LiveClient.ErrorCodeAsync(() => client.Connection.InvokeAsync<object>("JoinRoom", (string?)null)));
    }

    [Fact]
    public async Task An_ended_room_refuses_joins_comments_and_likes_with_room_ended()
    {
        var (roomId, _, hostToken, _) = await cluster.OpenRoomAsync();
        var (_, token) = await cluster.A.RegisterAsync();
        using var host = cluster.A.CreateClient(hostToken);
        (await host.DeleteAsync($"/api/live/{roomId}")).EnsureSuccessStatusCode();
        await using var client = await LiveClient.ConnectAsync(cluster.B, token);
        Assert.Equal("room_ended", await LiveClient.ErrorCodeAsync(() => client.JoinAsync(roomId)));
        Assert.Equal("room_ended", await LiveClient.ErrorCodeAsync(() => client.CommentAsync(roomId, "hello?")));
        Assert.Equal("room_ended", await LiveClient.ErrorCodeAsync(() => client.Connection.InvokeAsync("Like", roomId, 1)));
        Assert.Equal(GiftGate.NotLive, await cluster.Grains.GetGrain<ILiveRoomGrain>(roomId).CheckGift("anyone"));
    }

    [Fact]
    public async Task Anonymous_viewers_watch_but_need_an_account_to_comment_or_like()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        await using var anonymous = await LiveClient.ConnectAsync(cluster.A, null);
        var snapshot = await anonymous.JoinAsync(roomId);
        Assert.Equal(roomId, snapshot.RoomId);
        Assert.Equal("auth_required", await LiveClient.ErrorCodeAsync(() => anonymous.CommentAsync(roomId, "hi")));
        Assert.Equal("auth_required", await LiveClient.ErrorCodeAsync(() => anonymous.Connection.InvokeAsync("Like", roomId, 1)));
    }

    [Fact]
    public async Task Moderation_from_the_hub_is_not_allowed_for_viewers_and_works_for_moderators()
    {
        var (roomId, hostId, hostToken, _) = await cluster.OpenRoomAsync();
        var (modId, modToken) = await cluster.A.RegisterAsync();
        var (userId, userToken) = await cluster.A.RegisterAsync();
        await using var user = await LiveClient.ConnectAsync(cluster.A, userToken);
        await using var mod = await LiveClient.ConnectAsync(cluster.B, modToken, messagePack: true);
        await using var host = await LiveClient.ConnectAsync(cluster.A, hostToken);
        await user.JoinAsync(roomId);
        await user.CommentAsync(roomId, "hello");
        await Eventually.TrueAsync(() => user.Comments.Count == 1, "the comment");
        var commentId = user.Comments.Single().CommentId;

        Assert.Equal("not_allowed", await LiveClient.ErrorCodeAsync(() => user.Connection.InvokeAsync("DeleteComment", roomId, commentId)));
        Assert.Equal("not_allowed", await LiveClient.ErrorCodeAsync(() => mod.Connection.InvokeAsync("MuteUser", roomId, userId, 60)));
        Assert.Equal("not_allowed", await LiveClient.ErrorCodeAsync(() => user.Connection.InvokeAsync("EndRoom", roomId)));
        Assert.Equal("not_allowed", await LiveClient.ErrorCodeAsync(() => user.Connection.InvokeAsync("SetSlowMode", roomId, 5)));
        Assert.Equal("not_allowed", await LiveClient.ErrorCodeAsync(() => user.Connection.InvokeAsync("BanUser", roomId, hostId)));

        using var http = cluster.A.CreateClient(hostToken);
        (await http.PutAsync($"/api/live/{roomId}/moderators/{modId}", null)).EnsureSuccessStatusCode();
        await mod.Connection.InvokeAsync("DeleteComment", roomId, commentId);
        await Eventually.TrueAsync(() => user.Deleted.Any(d => d.CommentId == commentId), "commentDeleted");
        await mod.Connection.InvokeAsync("MuteUser", roomId, userId, 60);
        Assert.Equal("muted", await LiveClient.ErrorCodeAsync(() => user.CommentAsync(roomId, "again")));
        Assert.Equal("not_allowed", await LiveClient.ErrorCodeAsync(() => mod.Connection.InvokeAsync("BanUser", roomId, hostId)));
        // A moderator may end the room, and viewers are told a moderator did.
        await mod.Connection.InvokeAsync("EndRoom", roomId);
        await Eventually.TrueAsync(() => user.Ended.Count == 1, "roomEnded");
        Assert.Equal("moderator", user.Ended.Single().Reason);
    }

    [Fact]
    public async Task Comments_must_be_one_to_three_hundred_characters_after_trimming()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        var (_, token) = await cluster.A.RegisterAsync();
        await using var client = await LiveClient.ConnectAsync(cluster.A, token, messagePack: true);
        await client.JoinAsync(roomId);
        Assert.Equal("invalid_text", await LiveClient.ErrorCodeAsync(() => client.CommentAsync(roomId, "")));
        Assert.Equal("invalid_text", await LiveClient.ErrorCodeAsync(() => client.CommentAsync(roomId, "   \t  ")));
        Assert.Equal("invalid_text", await LiveClient.ErrorCodeAsync(() => client.CommentAsync(roomId, new string('x', 301))));
        Assert.Equal("invalid_text", await LiveClient.ErrorCodeAsync(() => client.Connection.InvokeAsync("SendComment", roomId, (string?)null)));
        Assert.Equal("invalid_text", await LiveClient.ErrorCodeAsync(() => client.CommentAsync(roomId, new string('y', 10_000))));
        await client.CommentAsync(roomId, "  " + new string('z', 300) + "  ");
        await Eventually.TrueAsync(() => client.Comments.Any(c => c.Text.Length == 300), "the 300-character comment, trimmed");
        // 300 emoji are 600 UTF-16 units but 300 characters.
        await client.CommentAsync(roomId, string.Concat(Enumerable.Repeat("😀", 300)));
    }

    [Fact]
    public async Task Comments_and_likes_are_rate_limited_per_user()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        var (_, token) = await cluster.A.RegisterAsync();
        var (_, otherToken) = await cluster.A.RegisterAsync();
        await using var client = await LiveClient.ConnectAsync(cluster.B, token);
        await using var other = await LiveClient.ConnectAsync(cluster.B, otherToken);
        var codes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            try
            {
                await client.CommentAsync(roomId, $"flood {i}");
                codes.Add("ok");
            }
            catch (HubException)
            {
                codes.Add("refused");
            }
        }
        Assert.Contains("ok", codes);
        Assert.Equal("rate_limited", await LiveClient.ErrorCodeAsync(() => client.CommentAsync(roomId, "one more")));
        await other.CommentAsync(roomId, "someone else is not limited");

        var likeCodes = 0;
        for (var i = 0; i < 20; i++)
        {
            try
            {
                await client.Connection.InvokeAsync("Like", roomId, 1);
            }
            catch (HubException)
            {
                likeCodes++;
            }
        }
        Assert.True(likeCodes > 0);
        Assert.Equal("rate_limited", await LiveClient.ErrorCodeAsync(() => client.Connection.InvokeAsync("Like", roomId, 1)));
        Assert.Equal("invalid_argument", await LiveClient.ErrorCodeAsync(() => other.Connection.InvokeAsync("Like", roomId, 0)));
        Assert.Equal("invalid_argument", await LiveClient.ErrorCodeAsync(() => other.Connection.InvokeAsync("Like", roomId, 101)));
    }

    [Fact]
    public async Task Garbage_from_a_client_leaves_the_connection_and_the_room_working()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        var (_, token) = await cluster.A.RegisterAsync();
        await using var client = await LiveClient.ConnectAsync(cluster.A, token);
        await client.JoinAsync(roomId);
        // SignalR's own refusals (no such method, arguments that do not bind) come back as a completion with an
        // error on this invocation; the connection stays open. Our own validation answers with its typed code.
        var unknown = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("NoSuchMethod", roomId));
        Assert.Contains("Failed to invoke 'NoSuchMethod'", unknown.Message);
        var wrongType = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("Like", roomId, "many"));
        Assert.Contains("Failed to invoke 'Like'", wrongType.Message);
        var missing = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("SendComment", roomId));
        Assert.Contains("Failed to invoke 'SendComment'", missing.Message);
        Assert.Equal("invalid_argument", await LiveClient.ErrorCodeAsync(() => client.Connection.InvokeAsync("Like", roomId, int.MinValue)));
        await client.Connection.InvokeAsync("LeaveRoom", "not a room id!");
        await client.Connection.InvokeAsync("LeaveRoom", roomId);
        await client.JoinAsync(roomId);
        await client.CommentAsync(roomId, "still here \u0000 with a NUL removed");
        await Eventually.TrueAsync(() => client.Comments.Any(c => c.Text == "still here  with a NUL removed"), "the comment");
        Assert.Equal(HubConnectionState.Connected, client.Connection.State);

        // A message over SignalR's 32 KB limit closes that one connection; the gateway serves the next.
        await using var greedy = await LiveClient.ConnectAsync(cluster.A, token);
        var closed = await Assert.ThrowsAsync<HubException>(() => greedy.CommentAsync(roomId, new string('y', 200_000)));
        Assert.Contains("closed the connection", closed.Message);
        await Eventually.TrueAsync(() => greedy.Connection.State == HubConnectionState.Disconnected, "the greedy connection closed");
        await using var next = await LiveClient.ConnectAsync(cluster.A, token);
        Assert.Equal(roomId, (await next.JoinAsync(roomId)).RoomId);
    }
}
