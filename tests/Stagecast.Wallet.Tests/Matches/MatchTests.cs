using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;
using static Stagecast.Wallet.Tests.Matches.MatchKit;

namespace Stagecast.Wallet.Tests.Matches;

/// <summary>
/// LIVE Match end to end on a real embedded gateway: HTTP invite/answer/read, gifts through the hub's SendGift (the
/// ledger path), the <c>match</c> hub event, and the score read back from the ledger's gift facts.
/// </summary>
public sealed class MatchTests(SandboxGatewayFixture fixture) : IClassFixture<SandboxGatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    /// <summary>
    /// Issue 14: a gifter who deletes the account during a match stays among the MVPs with its coins, but as the ledger's
    /// pseudonym named "Deleted user" (it used to show the raw <c>deleted-…</c> id as the name). Fails without the fix.
    /// </summary>
    [Fact]
    public async Task A_gifter_who_deletes_the_account_is_a_Deleted_user_among_the_MVPs()
    {
        var (_, _, gifterId, gifterToken, matchId, named) = await MatchWithOneGifterAsync("mvp");
        Assert.Equal(gifterId, Mvps(named).Single().GetProperty("userId").GetString());

        await DeleteAccountAsync(gifterToken);

        var renamed = await WaitAsync(Host, matchId, m => Mvps(m).Single().GetProperty("userId").GetString() != gifterId, "the MVP row under the pseudonym");
        var row = Mvps(renamed).Single();
        Assert.StartsWith("deleted-", row.GetProperty("userId").GetString());
        Assert.Equal("Deleted user", row.GetProperty("displayName").GetString());
        Assert.Equal(70, row.GetProperty("coins").GetInt64());
        Assert.Equal([70L, 0L], Scores(renamed));
    }

    /// <summary>
    /// Issue 14: a match that had already ended stored its final MVP rows with the gifter's id and name; deleting the
    /// account rewrites them to the ledger's pseudonym (the same id as the room's board) and "Deleted user", coins and
    /// result kept. Fails without the rewrite (the ended match kept the id and name).
    /// </summary>
    [Fact]
    public async Task A_gifter_who_deletes_the_account_after_the_match_ended_is_a_Deleted_user_among_its_final_MVPs()
    {
        var (a, b, gifterId, gifterToken, matchId, _) = await MatchWithOneGifterAsync("ended mvp");
        using (var opponent = Host.CreateClient(b.HostToken))
        {
            // Room B ends: the match is over (a forfeit) and stores its final sides.
            Assert.Equal(HttpStatusCode.NoContent, (await opponent.DeleteAsync($"/api/live/{b.RoomId}")).StatusCode);
        }
        var ended = await WaitAsync(Host, matchId, m => Status(m) == "ended", "the match ended");
        Assert.Equal(gifterId, Mvps(ended).Single().GetProperty("userId").GetString());

        await DeleteAccountAsync(gifterToken);

        var after = await GetAsync(Host, matchId);
        var row = Mvps(after).Single();
        var pseudonym = row.GetProperty("userId").GetString();
        Assert.StartsWith("deleted-", pseudonym);
        Assert.Equal("Deleted user", row.GetProperty("displayName").GetString());
        Assert.Equal(70, row.GetProperty("coins").GetInt64());
        Assert.Equal([70L, 0L], Scores(after));
        Assert.Equal(a.RoomId, Winner(after));
        Assert.DoesNotContain(gifterId, after.GetRawText());
        // One pseudonym for the account: the room's board names the same id.
        using var anonymous = Host.CreateClient();
        var board = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/live/{a.RoomId}")).GetProperty("topGifters");
        Assert.Equal(pseudonym, board.EnumerateArray().Single().GetProperty("userId").GetString());
    }

    [Fact]
    public async Task A_host_who_deletes_the_account_after_a_match_is_a_Deleted_user_on_its_side_and_in_its_ended_room()
    {
        var a = await Host.OpenRoomAsync("host deletion side a");
        // Host B receives no gift, so nothing is open in the ledger and the account can be deleted.
        var (hostB, tokenB) = await Host.RegisterAsync("hostdel" + Guid.NewGuid().ToString("N")[..8], GifterPassword);
        var b = await Host.OpenRoomAsync("host deletion side b", hostToken: tokenB);
        var matchId = await InviteAsync(Host, a, b, 300);
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(Host, tokenB, matchId, "accept")).StatusCode);
        using (var hostClient = Host.CreateClient(tokenB))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await hostClient.DeleteAsync($"/api/live/{b.RoomId}")).StatusCode);
        }
        var ended = await WaitAsync(Host, matchId, m => Status(m) == "ended", "the match ended");
        Assert.Equal(hostB, ended.GetProperty("sides")[1].GetProperty("hostId").GetString());

        await DeleteAccountAsync(tokenB);

        var after = await GetAsync(Host, matchId);
        var pseudonym = after.GetProperty("sides")[1].GetProperty("hostId").GetString();
        Assert.StartsWith("deleted-", pseudonym);
        Assert.Equal(a.HostId, after.GetProperty("sides")[0].GetProperty("hostId").GetString());
        Assert.Equal(a.RoomId, Winner(after));
        Assert.DoesNotContain(hostB, after.GetRawText());
        // The ended room names the same tombstone as its host, and no longer the account's name.
        using var anonymous = Host.CreateClient();
        var room = await anonymous.GetFromJsonAsync<JsonElement>($"/api/live/{b.RoomId}");
        Assert.Equal(pseudonym, room.GetProperty("hostId").GetString());
        Assert.Equal("Deleted user", room.GetProperty("hostDisplayName").GetString());
        Assert.DoesNotContain(hostB, room.GetRawText());
    }

    private const string GifterPassword = "correct horse battery";

    /// <summary>
    /// Two rooms in a running match, and a gifter (password <see cref="GifterPassword"/>) whose 70 coins went to side A;
    /// returns once the score counts them, with the match as it was then.
    /// </summary>
    private async Task<(OpenedRoom A, OpenedRoom B, string GifterId, string GifterToken, string MatchId, JsonElement Counted)> MatchWithOneGifterAsync(string name)
    {
        var a = await Host.OpenRoomAsync($"{name} side a");
        var b = await Host.OpenRoomAsync($"{name} side b");
        var (gifterId, gifterToken) = await Host.RegisterAsync("mvp" + Guid.NewGuid().ToString("N")[..8], GifterPassword);
        await WalletKit.FundAsync(Host.Grains(), gifterId, "coins-70");
        var matchId = await InviteAsync(Host, a, b, 300);
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(Host, b.HostToken, matchId, "accept")).StatusCode);
        await using (var hub = await ConnectAsync(Host, gifterToken, null))
        {
            await GiftAsync(hub, a.RoomId, "finger-heart", 14, "all-my-coins");
        }
        var counted = await WaitAsync(Host, matchId, m => Scores(m)[0] == 70, "the gift counted");
        return (a, b, gifterId, gifterToken, matchId, counted);
    }

    /// <summary>The gifter deletes the account (DELETE /api/me with the password): 204.</summary>
    private async Task DeleteAccountAsync(string gifterToken)
    {
        using var client = Host.CreateClient(gifterToken);
        using var leaving = new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = System.Net.Http.Json.JsonContent.Create(new { password = GifterPassword }) };
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(leaving)).StatusCode);
    }

    private static JsonElement[] Mvps(JsonElement match) =>
        match.GetProperty("sides").EnumerateArray().First().GetProperty("mvps").EnumerateArray().ToArray();

    [Fact]
    public async Task Final_scores_equal_the_coins_gifted_per_side_inside_the_window_exactly()
    {
        var a = await Host.OpenRoomAsync("side a");
        var b = await Host.OpenRoomAsync("side b");
        var (v1, hub1) = await GifterAsync(Host);
        var (v2, hub2) = await GifterAsync(Host);
        var (v3, hub3) = await GifterAsync(Host);
        await using var _1 = hub1;
        await using var _2 = hub2;
        await using var _3 = hub3;
        var seenByB = new ConcurrentQueue<JsonElement>();
        var (_, watcherToken) = await Host.RegisterAsync();
        await using var watcher = await ConnectAsync(Host, watcherToken, seenByB);
        await watcher.InvokeAsync<JsonElement>("JoinRoom", b.RoomId);

        // Before the match runs: not counted.
        await GiftAsync(hub1, a.RoomId, "finger-heart", 1, "before");
        var matchId = await InviteAsync(Host, a, b, 10);
        await Eventually(() => seenByB.Any(m => Status(m) == "invited" && m.GetProperty("matchId").GetString() == matchId), "invited event in room B");
        var accepted = await AnswerAsync(Host, b.HostToken, matchId, "accept");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("running", Status(await accepted.JsonAsync()));

        await GiftAsync(hub1, a.RoomId, "finger-heart", 3, "a1");
        await GiftAsync(hub1, a.RoomId, "rose", 2, "a2");
        await GiftAsync(hub1, a.RoomId, "rose", 2, "a2"); // the client's retry: paid and counted once
        await GiftAsync(hub3, a.RoomId, "hand-hearts", 1, "a3");
        await GiftAsync(hub2, b.RoomId, "finger-heart", 4, "b1");
        await GiftAsync(hub2, b.RoomId, "rose", 1, "b2");

        var running = await WaitAsync(Host, matchId, m => Scores(m).SequenceEqual([117L, 21L]), "running score 117:21");
        Assert.Equal("running", Status(running));
        await Eventually(() => seenByB.Any(m => Status(m) == "running" && Scores(m).SequenceEqual([117L, 21L])), "score event in room B");

        var ended = await WaitAsync(Host, matchId, m => Status(m) == "ended", "the match to end on time");
        Assert.Equal([117L, 21L], Scores(ended));
        Assert.Equal("time", Reason(ended));
        Assert.Equal(a.RoomId, Winner(ended));
        var sides = ended.GetProperty("sides").EnumerateArray().ToArray();
        Assert.Equal("win", sides[0].GetProperty("outcome").GetString());
        Assert.Equal("lose", sides[1].GetProperty("outcome").GetString());
        var mvps = sides[0].GetProperty("mvps").EnumerateArray().Select(m => (m.GetProperty("userId").GetString(), m.GetProperty("coins").GetInt64())).ToArray();
        Assert.Equal([(v3, 100L), (v1, 17L)], mvps);
        Assert.Equal([(v2, 21L)], sides[1].GetProperty("mvps").EnumerateArray().Select(m => (m.GetProperty("userId").GetString(), m.GetProperty("coins").GetInt64())));
        await Eventually(() => seenByB.Any(m => Status(m) == "ended" && Scores(m).SequenceEqual([117L, 21L])), "result event in room B");

        // After the end: not counted, and both rooms are free for a new match.
        await GiftAsync(hub1, a.RoomId, "finger-heart", 1, "after");
        var afterEnd = await GetAsync(Host, matchId);
        Assert.Equal([117L, 21L], Scores(afterEnd));
        await InviteAsync(Host, b, a, null);
        await WalletKit.AssertLedgerHoldsAsync(Host.Grains());
    }

    [Fact]
    public async Task Decline_and_refusals_are_problem_details()
    {
        var a = await Host.OpenRoomAsync("a");
        var b = await Host.OpenRoomAsync("b");
        var c = await Host.OpenRoomAsync("c");
        var notLive = await Host.OpenRoomAsync("not live", start: false);
        using var viewer = Host.CreateClient((await Host.RegisterAsync()).Token);

        var asViewer = await viewer.PostJsonAsync($"/api/live/{a.RoomId}/match", new { opponentRoomId = b.RoomId });
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal("not_host", await ProblemCodeAsync(asViewer));
        using var hostA = Host.CreateClient(a.HostToken);
        var toNotLive = await hostA.PostJsonAsync($"/api/live/{a.RoomId}/match", new { opponentRoomId = notLive.RoomId });
        Assert.Equal("room_not_live", await ProblemCodeAsync(toNotLive));
        var tooShort = await hostA.PostJsonAsync($"/api/live/{a.RoomId}/match", new { opponentRoomId = b.RoomId, durationSeconds = 1 });
        Assert.Equal("invalid_duration", await ProblemCodeAsync(tooShort));
        var toItself = await hostA.PostJsonAsync($"/api/live/{a.RoomId}/match", new { opponentRoomId = a.RoomId });
        Assert.Equal("same_room", await ProblemCodeAsync(toItself));
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/matches/no-such-match")).StatusCode);
        // A room in no match answers 204 (every watch page asks; a 404 showed as a failed request in each browser's
        // console); a malformed room id is a 404.
        Assert.Equal(HttpStatusCode.NoContent, (await viewer.GetAsync($"/api/live/{a.RoomId}/match")).StatusCode);
        Assert.Equal("unknown_room", await ProblemCodeAsync(await viewer.GetAsync("/api/live/not%20a%20room/match")));

        var matchId = await InviteAsync(Host, a, b, null);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/live/{a.RoomId}/match")).StatusCode);
        using var hostC = Host.CreateClient(c.HostToken);
        var busy = await hostC.PostJsonAsync($"/api/live/{c.RoomId}/match", new { opponentRoomId = b.RoomId });
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal("room_busy", await ProblemCodeAsync(busy));
        var byInviter = await AnswerAsync(Host, a.HostToken, matchId, "accept");
        Assert.Equal("not_host", await ProblemCodeAsync(byInviter));

        var declined = await AnswerAsync(Host, b.HostToken, matchId, "decline");
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var body = await declined.JsonAsync();
        Assert.Equal("declined", Status(body));
        Assert.Equal("declined", Reason(body));
        Assert.Equal("match_state", await ProblemCodeAsync(await AnswerAsync(Host, b.HostToken, matchId, "accept")));
        // Declining frees both rooms.
        await InviteAsync(Host, c, b, null);
    }

    [Fact]
    public async Task Ending_a_room_ends_its_match_and_the_room_forfeits()
    {
        var a = await Host.OpenRoomAsync("a");
        var b = await Host.OpenRoomAsync("b");
        var (_, hub) = await GifterAsync(Host);
        await using var _h = hub;
        var matchId = await InviteAsync(Host, a, b, 120);
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(Host, b.HostToken, matchId, "accept")).StatusCode);
        await GiftAsync(hub, a.RoomId, "hand-hearts", 1, "a1");
        await GiftAsync(hub, b.RoomId, "finger-heart", 1, "b1");
        await WaitAsync(Host, matchId, m => Scores(m).SequenceEqual([100L, 5L]), "score 100:5");

        using var hostA = Host.CreateClient(a.HostToken);
        Assert.Equal(HttpStatusCode.NoContent, (await hostA.DeleteAsync($"/api/live/{a.RoomId}")).StatusCode);
        var ended = await WaitAsync(Host, matchId, m => Status(m) == "ended", "the match to end with the room");
        Assert.Equal("roomEnded", Reason(ended));
        Assert.Equal(b.RoomId, Winner(ended));
        Assert.Equal([100L, 5L], Scores(ended));
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for: {what}");
            await Task.Delay(50);
        }
    }
}
