using System.Net;
using Stagecast.TestInfrastructure;
using static Stagecast.Wallet.Tests.Matches.MatchKit;

namespace Stagecast.Wallet.Tests.Matches;

/// <summary>Matches across time: an invitation that expires, and a silo restart in the middle of a running match.</summary>
public sealed class MatchLifetimeTests
{
    private static Dictionary<string, string?> Settings(int inviteSeconds) => new()
    {
        ["Stagecast:Economy:HoldWindow"] = "00:00:00",
        ["Stagecast:Match:InviteSeconds"] = inviteSeconds.ToString(),
    };

    [Fact]
    public async Task An_unanswered_invitation_expires_and_frees_both_rooms()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: Settings(2));
        var a = await host.OpenRoomAsync("a");
        var b = await host.OpenRoomAsync("b");
        var matchId = await InviteAsync(host, a, b, null);
        var expired = await WaitAsync(host, matchId, m => Status(m) != "invited", "the invitation to expire");
        Assert.Equal("declined", Status(expired));
        Assert.Equal("expired", Reason(expired));
        var late = await AnswerAsync(host, b.HostToken, matchId, "accept");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("invitation_expired", await ProblemCodeAsync(late));
        await InviteAsync(host, b, a, null);
    }

    [Fact]
    public async Task Gifts_in_the_final_stretch_count_with_the_multiplier_and_mvps_keep_raw_coins()
    {
        var settings = Settings(30);
        // The whole match is final stretch: every coin counts three times.
        settings["Stagecast:Match:FinalStretchSeconds"] = "600";
        settings["Stagecast:Match:FinalStretchMultiplier"] = "3";
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: settings);
        var a = await host.OpenRoomAsync("a");
        var b = await host.OpenRoomAsync("b");
        var matchId = await InviteAsync(host, a, b, 300);
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(host, b.HostToken, matchId, "accept")).StatusCode);
        var (gifter, hub) = await GifterAsync(host);
        await using var _h = hub;
        await GiftAsync(hub, a.RoomId, "finger-heart", 2, "s1");
        await GiftAsync(hub, b.RoomId, "rose", 7, "s2");
        var match = await WaitAsync(host, matchId, m => Scores(m).SequenceEqual([30L, 21L]), "score 30:21 (coins x3)");
        var mvp = match.GetProperty("sides")[0].GetProperty("mvps")[0];
        Assert.Equal(gifter, mvp.GetProperty("userId").GetString());
        Assert.Equal(10, mvp.GetProperty("coins").GetInt64());
    }

    [Fact]
    public async Task On_postgres_the_score_is_read_from_the_same_gift_facts()
    {
        var settings = Settings(30);
        settings["Stagecast:StorageProvider"] = "Postgres";
        settings["Stagecast:StorageConnectionString"] = await TestServices.CreatePostgresDatabaseAsync("match");
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: settings);
        var a = await host.OpenRoomAsync("a");
        var b = await host.OpenRoomAsync("b");
        var matchId = await InviteAsync(host, a, b, 300);
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(host, b.HostToken, matchId, "accept")).StatusCode);
        var (_, hub) = await GifterAsync(host);
        await using var _h = hub;
        await GiftAsync(hub, a.RoomId, "finger-heart", 2, "p1");
        await GiftAsync(hub, b.RoomId, "hand-hearts", 1, "p2");
        await WaitAsync(host, matchId, m => Scores(m).SequenceEqual([10L, 100L]), "score 10:100 on PostgreSQL");
        using var hostA = host.CreateClient(a.HostToken);
        Assert.Equal(HttpStatusCode.NoContent, (await hostA.DeleteAsync($"/api/live/{a.RoomId}")).StatusCode);
        var ended = await WaitAsync(host, matchId, m => Status(m) == "ended", "the match to end with room A");
        Assert.Equal([10L, 100L], Scores(ended));
        Assert.Equal(b.RoomId, Winner(ended));
    }

    [Fact]
    public async Task A_silo_restart_mid_match_keeps_the_score_exactly()
    {
        using var data = new TempDirectory("stagecast-match-restart");
        OpenedRoom a, b;
        string matchId;
        await using (var first = await GatewayHost.StartEmbeddedAsync(data.Path, Settings(30)))
        {
            a = await first.OpenRoomAsync("a");
            b = await first.OpenRoomAsync("b");
            matchId = await InviteAsync(first, a, b, 300);
            Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(first, b.HostToken, matchId, "accept")).StatusCode);
            var (_, hub) = await GifterAsync(first);
            await using var _h = hub;
            await GiftAsync(hub, a.RoomId, "finger-heart", 3, "before-restart-a");
            await GiftAsync(hub, b.RoomId, "rose", 4, "before-restart-b");
            await WaitAsync(first, matchId, m => Scores(m).SequenceEqual([15L, 4L]), "score 15:4 before the restart");
        }

        await using var second = await GatewayHost.StartEmbeddedAsync(data.Path, Settings(30));
        var rebuilt = await GetAsync(second, matchId);
        Assert.Equal("running", Status(rebuilt));
        Assert.Equal([15L, 4L], Scores(rebuilt));
        var (_, hub2) = await GifterAsync(second);
        await using var _h2 = hub2;
        await GiftAsync(hub2, b.RoomId, "hand-hearts", 1, "after-restart-b");
        await WaitAsync(second, matchId, m => Scores(m).SequenceEqual([15L, 104L]), "score 15:104 after the restart");

        using var hostB = second.CreateClient(b.HostToken);
        Assert.Equal(HttpStatusCode.NoContent, (await hostB.DeleteAsync($"/api/live/{b.RoomId}")).StatusCode);
        var ended = await WaitAsync(second, matchId, m => Status(m) == "ended", "the match to end with room B");
        Assert.Equal([15L, 104L], Scores(ended));
        Assert.Equal(a.RoomId, Winner(ended));
    }

    [Fact]
    public async Task A_host_waiting_for_a_random_opponent_keeps_the_place_across_a_silo_restart()
    {
        using var data = new TempDirectory("stagecast-lobby-restart");
        OpenedRoom a, gone;
        await using (var first = await GatewayHost.StartEmbeddedAsync(data.Path, Settings(30)))
        {
            gone = await first.OpenRoomAsync("gone");
            a = await first.OpenRoomAsync("a");
            await using var studioGone = await OpenStudioAsync(first, gone);
            await using var studioA = await OpenStudioAsync(first, a);
            using var hostGone = first.CreateClient(gone.HostToken);
            using var hostA = first.CreateClient(a.HostToken);
            Assert.Equal(HttpStatusCode.Accepted, (await hostGone.PostAsync($"/api/live/{gone.RoomId}/match/random", null)).StatusCode);
            // The first host to wait goes offline for good (their room ends while they are on the list): A is not
            // matched with them, and waits.
            Assert.Equal(HttpStatusCode.NoContent, (await hostGone.DeleteAsync($"/api/live/{gone.RoomId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await hostA.PostJsonAsync($"/api/live/{a.RoomId}/match/random", new { durationSeconds = 90 })).StatusCode);
        }

        await using var second = await GatewayHost.StartEmbeddedAsync(data.Path, Settings(30));
        var b = await second.OpenRoomAsync("b");
        // A's studio reconnects to the new process, as the studio page does; B opens one.
        await using var studioA2 = await OpenStudioAsync(second, a);
        await using var studioB = await OpenStudioAsync(second, b);
        using var hostB = second.CreateClient(b.HostToken);
        var matched = await hostB.PostAsync($"/api/live/{b.RoomId}/match/random", null);
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        var match = await GetAsync(second, (await matched.JsonAsync()).GetProperty("matchId").GetString()!);
        Assert.Equal("running", Status(match));
        Assert.Equal([a.RoomId, b.RoomId], match.GetProperty("sides").EnumerateArray().Select(s => s.GetProperty("roomId").GetString()));
        // The length is the waiting host's 90 s, kept across the restart (the default is 300 s).
        Assert.InRange(match.GetProperty("endsAt").GetInt64() - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 30_000, 90_000);
    }

    [Fact]
    public async Task A_place_on_the_random_list_expires_after_the_wait()
    {
        var settings = Settings(30);
        settings["Stagecast:Match:RandomWaitSeconds"] = "1";
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: settings);
        var a = await host.OpenRoomAsync("a");
        var b = await host.OpenRoomAsync("b");
        await using var studioA = await OpenStudioAsync(host, a);
        await using var studioB = await OpenStudioAsync(host, b);
        using var hostA = host.CreateClient(a.HostToken);
        using var hostB = host.CreateClient(b.HostToken);
        Assert.Equal(HttpStatusCode.Accepted, (await hostA.PostAsync($"/api/live/{a.RoomId}/match/random", null)).StatusCode);
        // Time passing is what is tested here: A's place is older than the 1 s wait when B asks.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(HttpStatusCode.Accepted, (await hostB.PostAsync($"/api/live/{b.RoomId}/match/random", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hostA.DeleteAsync($"/api/live/{a.RoomId}/match/random")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await hostB.DeleteAsync($"/api/live/{b.RoomId}/match/random")).StatusCode);
    }
}
