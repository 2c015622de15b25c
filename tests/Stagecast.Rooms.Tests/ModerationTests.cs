using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Stagecast.Rooms.Tests;

/// <summary>Every moderation rule, driven over HTTP by the host and moderators and felt by real hub clients.</summary>
[Collection(RoomsCollection.Name)]
public sealed class ModerationTests(RoomsCluster cluster)
{
    [Fact]
    public async Task Only_the_host_appoints_moderators_and_only_they_moderate()
    {
        var (roomId, hostId, hostToken, _) = await cluster.OpenRoomAsync();
        var (modId, modToken) = await cluster.A.RegisterAsync();
        var (userId, userToken) = await cluster.A.RegisterAsync();
        using var host = cluster.A.CreateClient(hostToken);
        using var mod = cluster.B.CreateClient(modToken);
        using var user = cluster.A.CreateClient(userToken);

        await AssertProblemAsync(await user.PutAsync($"/api/live/{roomId}/moderators/{userId}", null), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await mod.PutAsJsonAsync($"/api/live/{roomId}/mutes/{userId}", new { seconds = 60 }), HttpStatusCode.Forbidden, "not_allowed");
        Assert.Equal(HttpStatusCode.NoContent, (await host.PutAsync($"/api/live/{roomId}/moderators/{modId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await mod.PutAsJsonAsync($"/api/live/{roomId}/mutes/{userId}", new { seconds = 60 })).StatusCode);
        // Nobody acts on the host; a moderator cannot appoint others.
        await AssertProblemAsync(await mod.PutAsync($"/api/live/{roomId}/bans/{hostId}", null), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await mod.PutAsync($"/api/live/{roomId}/moderators/{userId}", null), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await user.DeleteAsync($"/api/live/{roomId}"), HttpStatusCode.Forbidden, "not_allowed");

        var settings = await mod.GetFromJsonAsync<ModerationView>($"/api/live/{roomId}/moderation");
        Assert.Contains(modId, settings!.Moderators);
        Assert.True(settings.MutedUntil.ContainsKey(userId));
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/api/live/{roomId}/moderation")).StatusCode);

        // A moderator may end the room too.
        Assert.Equal(HttpStatusCode.NoContent, (await mod.DeleteAsync($"/api/live/{roomId}")).StatusCode);
        await AssertProblemAsync(await host.DeleteAsync($"/api/live/{roomId}"), HttpStatusCode.Conflict, "room_ended");
    }

    [Fact]
    public async Task A_muted_user_cannot_comment_until_unmuted_and_viewers_are_told()
    {
        var (roomId, _, hostToken, _) = await cluster.OpenRoomAsync();
        var (userId, userToken) = await cluster.A.RegisterAsync();
        await using var viewer = await LiveClient.ConnectAsync(cluster.B, null, messagePack: true);
        await viewer.JoinAsync(roomId);
        await using var talker = await LiveClient.ConnectAsync(cluster.A, userToken);
        await talker.JoinAsync(roomId);
        using var host = cluster.A.CreateClient(hostToken);

        Assert.Equal(HttpStatusCode.NoContent, (await host.PutAsJsonAsync($"/api/live/{roomId}/mutes/{userId}", new { seconds = 600 })).StatusCode);
        Assert.Equal("muted", await LiveClient.ErrorCodeAsync(() => talker.CommentAsync(roomId, "can you hear me")));
        await Eventually.TrueAsync(() => viewer.Moderation.Any(m => m.Action == "mute" && m.UserId == userId && m.Seconds == 600), "mute notice");
        await AssertProblemAsync(await host.PutAsJsonAsync($"/api/live/{roomId}/mutes/{userId}", new { seconds = 0 }), HttpStatusCode.BadRequest, "invalid_argument");

        Assert.Equal(HttpStatusCode.NoContent, (await host.DeleteAsync($"/api/live/{roomId}/mutes/{userId}")).StatusCode);
        await talker.CommentAsync(roomId, "back again");
        await Eventually.TrueAsync(() => viewer.Comments.Any(c => c.Text == "back again"), "comment after unmute");
    }

    [Fact]
    public async Task A_banned_user_is_removed_and_cannot_rejoin_comment_like_or_gift()
    {
        var (roomId, _, hostToken, _) = await cluster.OpenRoomAsync();
        var (userId, userToken) = await cluster.A.RegisterAsync();
        await using var banned = await LiveClient.ConnectAsync(cluster.B, userToken);
        await banned.JoinAsync(roomId);
        await using var other = await LiveClient.ConnectAsync(cluster.A, null);
        await other.JoinAsync(roomId);
        using var host = cluster.A.CreateClient(hostToken);

        Assert.Equal(HttpStatusCode.NoContent, (await host.PutAsync($"/api/live/{roomId}/bans/{userId}", null)).StatusCode);
        await Eventually.TrueAsync(() => banned.Moderation.Any(m => m.Action == "ban" && m.UserId == userId), "ban notice to the banned user");
        Assert.Equal("banned", await LiveClient.ErrorCodeAsync(() => banned.JoinAsync(roomId)));
        Assert.Equal("banned", await LiveClient.ErrorCodeAsync(() => banned.CommentAsync(roomId, "let me in")));
        Assert.Equal("banned", await LiveClient.ErrorCodeAsync(() => banned.Connection.InvokeAsync("Like", roomId, 1)));
        Assert.Equal(Contracts.Rooms.GiftGate.Banned, await cluster.Grains.GetGrain<Contracts.Rooms.ILiveRoomGrain>(roomId).CheckGift(userId));

        // The banned connection no longer receives the room's events.
        await cluster.Grains.GetGrain<Contracts.Rooms.ILiveRoomGrain>(roomId).Comment("x", "X", "after the ban");
        await Eventually.TrueAsync(() => other.Comments.Any(c => c.Text == "after the ban"), "comment to the others");

        // Unbanned, the user rejoins and gets a later marker comment; one connection receives the room's events
        // in order, so had "after the ban" been delivered to it, it would be there before the marker.
        Assert.Equal(HttpStatusCode.NoContent, (await host.DeleteAsync($"/api/live/{roomId}/bans/{userId}")).StatusCode);
        await banned.JoinAsync(roomId);
        await cluster.Grains.GetGrain<Contracts.Rooms.ILiveRoomGrain>(roomId).Comment("x", "X", "marker after the unban");
        await Eventually.TrueAsync(() => banned.Comments.Any(c => c.Text == "marker after the unban"), "the marker to the unbanned user");
        Assert.DoesNotContain(banned.Comments, c => c.Text == "after the ban");
    }

    [Fact]
    public async Task A_deleted_comment_is_pushed_to_clients_and_leaves_the_snapshot()
    {
        var (roomId, _, hostToken, _) = await cluster.OpenRoomAsync();
        var (_, userToken) = await cluster.A.RegisterAsync();
        await using var viewer = await LiveClient.ConnectAsync(cluster.B, null, messagePack: true);
        await viewer.JoinAsync(roomId);
        await using var talker = await LiveClient.ConnectAsync(cluster.A, userToken);
        await talker.CommentAsync(roomId, "something rude");
        await talker.CommentAsync(roomId, "something nice");
        await Eventually.TrueAsync(() => viewer.Comments.Count == 2, "two comments");
        var rude = viewer.Comments.Single(c => c.Text == "something rude");

        using var host = cluster.A.CreateClient(hostToken);
        Assert.Equal(HttpStatusCode.NoContent, (await host.DeleteAsync($"/api/live/{roomId}/comments/{rude.CommentId}")).StatusCode);
        await Eventually.TrueAsync(() => viewer.Deleted.Any(d => d.CommentId == rude.CommentId), "commentDeleted");
        await using var late = await LiveClient.ConnectAsync(cluster.A, null);
        var snapshot = await late.JoinAsync(roomId);
        Assert.Equal(["something nice"], snapshot.Comments.Select(c => c.Text).ToArray());
    }

    [Fact]
    public async Task Slow_mode_allows_one_comment_per_interval_and_spares_the_host()
    {
        var (roomId, _, hostToken, _) = await cluster.OpenRoomAsync();
        var (_, userToken) = await cluster.A.RegisterAsync();
        using var host = cluster.A.CreateClient(hostToken);
        Assert.Equal(HttpStatusCode.NoContent, (await host.PutAsJsonAsync($"/api/live/{roomId}/slow-mode", new { seconds = 30 })).StatusCode);
        await AssertProblemAsync(await host.PutAsJsonAsync($"/api/live/{roomId}/slow-mode", new { seconds = -1 }), HttpStatusCode.BadRequest, "invalid_argument");

        await using var talker = await LiveClient.ConnectAsync(cluster.B, userToken);
        await talker.CommentAsync(roomId, "first");
        Assert.Equal("rate_limited", await LiveClient.ErrorCodeAsync(() => talker.CommentAsync(roomId, "second")));
        await using var hostClient = await LiveClient.ConnectAsync(cluster.A, hostToken);
        await hostClient.CommentAsync(roomId, "host one");
        await hostClient.CommentAsync(roomId, "host two");

        Assert.Equal(HttpStatusCode.NoContent, (await host.PutAsJsonAsync($"/api/live/{roomId}/slow-mode", new { seconds = 0 })).StatusCode);
        await talker.CommentAsync(roomId, "second, now allowed");
    }

    [Fact]
    public async Task Blocked_keywords_match_case_insensitively_after_unicode_normalisation()
    {
        var (roomId, _, hostToken, _) = await cluster.OpenRoomAsync();
        var (_, userToken) = await cluster.A.RegisterAsync();
        using var host = cluster.A.CreateClient(hostToken);
        Assert.Equal(HttpStatusCode.NoContent,
            (await host.PutAsJsonAsync($"/api/live/{roomId}/blocked-keywords", new { keywords = new[] { "Spam", "café" } })).StatusCode);
        await AssertProblemAsync(
            await host.PutAsJsonAsync($"/api/live/{roomId}/blocked-keywords", new { keywords = new[] { new string('x', 51) } }),
            HttpStatusCode.BadRequest, "invalid_argument");

        await using var talker = await LiveClient.ConnectAsync(cluster.B, userToken);
        Assert.Equal("invalid_text", await LiveClient.ErrorCodeAsync(() => talker.CommentAsync(roomId, "buy SPAM now")));
        // Fullwidth letters fold to ASCII under NFKC.
        Assert.Equal("invalid_text", await LiveClient.ErrorCodeAsync(() => talker.CommentAsync(roomId, "ｓｐａｍ")));
        // A decomposed é (e + combining acute) matches the precomposed keyword.
        Assert.Equal("invalid_text", await LiveClient.ErrorCodeAsync(() => talker.CommentAsync(roomId, "CAFE\u0301 time")));
        await talker.CommentAsync(roomId, "a clean comment");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemView>();
        Assert.Equal(code, problem!.Code);
    }

    private sealed record ProblemView(string Code);

    private sealed record ModerationView(List<string> Moderators, List<string> Banned, Dictionary<string, long> MutedUntil, int SlowModeSeconds, List<string> BlockedKeywords);
}
