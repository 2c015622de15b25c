using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
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
        await using var studioA = await OpenStudioAsync(Host, a);
        await using var studioC = await OpenStudioAsync(Host, c);
        await using var studioD = await OpenStudioAsync(Host, d);
        await using var studioE = await OpenStudioAsync(Host, e);
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

    [Fact]
    public async Task A_host_without_the_studio_open_is_refused_random_matching_until_the_studio_connects()
    {
        var a = await Host.OpenRoomAsync("no studio a");
        var b = await Host.OpenRoomAsync("no studio b");
        await using var studioA = await OpenStudioAsync(Host, a);
        using var hostA = Host.CreateClient(a.HostToken);
        using var hostB = Host.CreateClient(b.HostToken);
        Assert.Equal(HttpStatusCode.Accepted, (await hostA.PostAsync($"/api/live/{a.RoomId}/match/random", null)).StatusCode);

        // B drives the room by API only: nobody would see a match start there, so B is neither matched with the
        // waiting A nor put on the list.
        var refused = await hostB.PostAsync($"/api/live/{b.RoomId}/match/random", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("studio_not_connected", await ProblemCodeAsync(refused));
        Assert.Equal(HttpStatusCode.NotFound, (await hostB.DeleteAsync($"/api/live/{b.RoomId}/match/random")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await hostA.DeleteAsync($"/api/live/{a.RoomId}/match/random")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await hostA.PostAsync($"/api/live/{a.RoomId}/match/random", null)).StatusCode);

        // B opens the studio (joins the room over the hub, as the studio page does) and asks again: matched with A at once,
        // without waiting for the gateway's next presence report.
        await using var studioB = await ConnectAsync(Host, b.HostToken, null);
        await studioB.InvokeAsync<JsonElement>("JoinRoom", b.RoomId);
        var matched = await hostB.PostAsync($"/api/live/{b.RoomId}/match/random", null);
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        var match = await GetAsync(Host, (await matched.JsonAsync()).GetProperty("matchId").GetString()!);
        Assert.Equal([a.RoomId, b.RoomId], match.GetProperty("sides").EnumerateArray().Select(s => s.GetProperty("roomId").GetString()));
    }

    [Fact]
    public async Task A_waiting_host_whose_studio_disconnected_is_dropped_from_the_random_list_and_not_matched()
    {
        var a = await Host.OpenRoomAsync("studio a");
        var b = await Host.OpenRoomAsync("studio b");
        var c = await Host.OpenRoomAsync("studio c");
        var d = await Host.OpenRoomAsync("studio d");
        var e = await Host.OpenRoomAsync("studio e");
        using var hostA = Host.CreateClient(a.HostToken);
        using var hostB = Host.CreateClient(b.HostToken);
        await using var studioB = await OpenStudioAsync(Host, b);
        await using var studioC = await OpenStudioAsync(Host, c);

        // A's studio (a real SignalR client of the host, in the room) is open while A waits; then its tab closes.
        var studio = await ConnectAsync(Host, a.HostToken, null);
        await studio.InvokeAsync<JsonElement>("JoinRoom", a.RoomId);
        await WaitStudioAsync(Host, a.RoomId, true);
        Assert.Equal(HttpStatusCode.Accepted, (await hostA.PostAsync($"/api/live/{a.RoomId}/match/random", null)).StatusCode);
        await studio.DisposeAsync();
        await WaitStudioAsync(Host, a.RoomId, false);

        // A's room is still live with its media, but its host has left: B is not matched with A, and A lost its place.
        var asked = await hostB.PostAsync($"/api/live/{b.RoomId}/match/random", null);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hostA.DeleteAsync($"/api/live/{a.RoomId}/match/random")).StatusCode);
        // B waits and is matched with the next asker.
        using var hostC = Host.CreateClient(c.HostToken);
        Assert.Equal(HttpStatusCode.OK, (await hostC.PostAsync($"/api/live/{c.RoomId}/match/random", null)).StatusCode);

        // A host whose studio stays connected is matched as before.
        await using var studioD = await OpenStudioAsync(Host, d);
        await using var studioE = await OpenStudioAsync(Host, e);
        using var hostD = Host.CreateClient(d.HostToken);
        Assert.Equal(HttpStatusCode.Accepted, (await hostD.PostAsync($"/api/live/{d.RoomId}/match/random", null)).StatusCode);
        using var hostE = Host.CreateClient(e.HostToken);
        var matched = await hostE.PostAsync($"/api/live/{e.RoomId}/match/random", null);
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        var match = await GetAsync(Host, (await matched.JsonAsync()).GetProperty("matchId").GetString()!);
        Assert.Equal([d.RoomId, e.RoomId], match.GetProperty("sides").EnumerateArray().Select(s => s.GetProperty("roomId").GetString()));
    }
}
