using System.Net;
using Stagecast.TestInfrastructure;
using static Stagecast.Wallet.Tests.Matches.MatchKit;

namespace Stagecast.Wallet.Tests.Matches;

/// <summary>Rematch offers after a result, and random matching (wait, get matched, cancel), over the real API.</summary>
public sealed class MatchOfferTests(SandboxGatewayFixture fixture) : IClassFixture<SandboxGatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Either_host_offers_a_rematch_after_the_result_and_the_other_accepts_it()
    {
        var a = await Host.OpenRoomAsync("a");
        var b = await Host.OpenRoomAsync("b");
        var matchId = await InviteAsync(Host, a, b, 5);
        using var hostB = Host.CreateClient(b.HostToken);
        Assert.Equal("match_state", await ProblemCodeAsync(await hostB.PostAsync($"/api/matches/{matchId}/rematch", null)));
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(Host, b.HostToken, matchId, "accept")).StatusCode);
        Assert.Equal("match_state", await ProblemCodeAsync(await hostB.PostAsync($"/api/matches/{matchId}/rematch", null)));
        await WaitAsync(Host, matchId, m => Status(m) == "ended", "the first match to end");

        using var viewer = Host.CreateClient((await Host.RegisterAsync()).Token);
        Assert.Equal("not_host", await ProblemCodeAsync(await viewer.PostAsync($"/api/matches/{matchId}/rematch", null)));
        Assert.Equal(HttpStatusCode.NotFound, (await hostB.PostAsync("/api/matches/nosuchmatch/rematch", null)).StatusCode);

        // The loser asks for revenge: a new invitation from room B to room A, answered by A's host.
        var offer = await hostB.PostJsonAsync($"/api/matches/{matchId}/rematch", new { durationSeconds = 30 });
        Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        var rematchId = (await offer.JsonAsync()).GetProperty("matchId").GetString()!;
        Assert.NotEqual(matchId, rematchId);
        var invited = await GetAsync(Host, rematchId);
        Assert.Equal("invited", Status(invited));
        Assert.Equal([b.RoomId, a.RoomId], invited.GetProperty("sides").EnumerateArray().Select(s => s.GetProperty("roomId").GetString()));
        // Offered twice: the rooms are already held by the first offer.
        Assert.Equal("room_busy", await ProblemCodeAsync(await hostB.PostAsync($"/api/matches/{matchId}/rematch", null)));
        var accepted = await AnswerAsync(Host, a.HostToken, rematchId, "accept");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("running", Status(await accepted.JsonAsync()));
    }

    [Fact]
    public async Task Two_hosts_asking_for_a_random_opponent_are_matched_and_a_waiting_host_can_cancel()
    {
        var a = await Host.OpenRoomAsync("random a");
        var c = await Host.OpenRoomAsync("random c");
        var d = await Host.OpenRoomAsync("random d");
        var e = await Host.OpenRoomAsync("random e");
        using var hostA = Host.CreateClient(a.HostToken);
        using var viewer = Host.CreateClient((await Host.RegisterAsync()).Token);
        Assert.Equal("not_host", await ProblemCodeAsync(await viewer.PostAsync($"/api/live/{a.RoomId}/match/random", null)));

        var waiting = await hostA.PostAsync($"/api/live/{a.RoomId}/match/random", null);
        Assert.Equal(HttpStatusCode.Accepted, waiting.StatusCode);
        Assert.Equal("waiting", (await waiting.JsonAsync()).GetProperty("status").GetString());
        // Asking again keeps one place in the queue; a host is never matched with their own room.
        Assert.Equal(HttpStatusCode.Accepted, (await hostA.PostAsync($"/api/live/{a.RoomId}/match/random", null)).StatusCode);

        using var hostC = Host.CreateClient(c.HostToken);
        var matched = await hostC.PostJsonAsync($"/api/live/{c.RoomId}/match/random", new { durationSeconds = 60 });
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        var body = await matched.JsonAsync();
        Assert.Equal("running", body.GetProperty("status").GetString());
        var match = await GetAsync(Host, body.GetProperty("matchId").GetString()!);
        Assert.Equal("running", Status(match));
        Assert.Equal([a.RoomId, c.RoomId], match.GetProperty("sides").EnumerateArray().Select(s => s.GetProperty("roomId").GetString()));
        Assert.Equal("room_busy", await ProblemCodeAsync(await hostA.PostAsync($"/api/live/{a.RoomId}/match/random", null)));

        // D waits, then cancels: E waits too instead of being matched with D.
        using var hostD = Host.CreateClient(d.HostToken);
        Assert.Equal(HttpStatusCode.Accepted, (await hostD.PostAsync($"/api/live/{d.RoomId}/match/random", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await hostD.DeleteAsync($"/api/live/{d.RoomId}/match/random")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hostD.DeleteAsync($"/api/live/{d.RoomId}/match/random")).StatusCode);
        using var hostE = Host.CreateClient(e.HostToken);
        Assert.Equal(HttpStatusCode.Accepted, (await hostE.PostAsync($"/api/live/{e.RoomId}/match/random", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hostD.PostAsync($"/api/live/{d.RoomId}/match/random", null)).StatusCode);
        // E was matched with D, so it no longer waits.
        Assert.Equal(HttpStatusCode.NotFound, (await hostE.DeleteAsync($"/api/live/{e.RoomId}/match/random")).StatusCode);
    }
}
