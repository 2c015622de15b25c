using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stagecast.Cluster.Tests.Storm;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;
using static Stagecast.Cluster.Tests.Storm.StormChecks;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// A LIVE Match across two gateway processes in cluster mode (Redis membership, PostgreSQL state and ledger), each
/// room opened and each side's host answering through a different gateway, with gifters on both gateways gifting into
/// both rooms. While the match runs, both silos are killed with SIGKILL one after the other (a third joins in between),
/// so every grain, the match grain and both room grains included, is rebuilt at least once. The final scores equal,
/// exactly, the coins of the gift facts in each room's match window, and every acknowledged gift is one of them.
/// </summary>
public sealed class MatchFailoverTests(ITestOutputHelper output)
{
    private const int DurationSeconds = 90;

    [Fact]
    public async Task Final_scores_equal_the_gifted_coins_per_side_after_both_silos_are_killed_mid_match()
    {
        var database = await TestServices.CreatePostgresDatabaseAsync("match");
        using var cluster = new StormCluster(output, TestServices.Redis, database);
        var siloA = cluster.StartSilo("silo-a");
        var siloB = cluster.StartSilo("silo-b");
        var (gateway1, api1) = await cluster.StartGatewayAsync(activeSilos: 2);
        var (gateway2, api2) = await cluster.StartGatewayAsync(activeSilos: 2);

        var (_, hostAToken) = await api1.RegisterAsync();
        var (_, hostBToken) = await api2.RegisterAsync();
        var roomA = await api1.OpenLiveRoomAsync(hostAToken);
        var roomB = await api2.OpenLiveRoomAsync(hostBToken);

        // Four gifters: one per gateway and room, so gifts for each side come through both gateways.
        var controls = new[] { new StormControl(api1.BaseAddress), new StormControl(api2.BaseAddress) };
        var plan = new[] { (Gateway: 0, Room: roomA), (Gateway: 0, Room: roomB), (Gateway: 1, Room: roomA), (Gateway: 1, Room: roomB) };
        var senders = new List<StormSender>();
        using var stop = new CancellationTokenSource();
        try
        {
            for (var i = 0; i < plan.Length; i++)
            {
                var api = plan[i].Gateway == 0 ? api1 : api2;
                var (userId, token) = await api.RegisterAsync();
                senders.Add(new StormSender(i, userId, token));
                for (var pack = 0; pack < 3; pack++)
                {
                    await senders[i].BuyAsync(controls[plan[i].Gateway], "coins-700", 700);
                }
            }

            using var hostA = api1.Client(hostAToken);
            using var invited = await hostA.PostAsJsonAsync($"/api/live/{roomA}/match", new { opponentRoomId = roomB, durationSeconds = DurationSeconds });
            Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
            var matchId = (await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matchId").GetString()!;
            using var hostB = api2.Client(hostBToken);
            using var accepted = await hostB.PostAsync($"/api/matches/{matchId}/accept", null);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            var endsAt = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endsAt").GetInt64();
            var startedAt = endsAt - DurationSeconds * 1000L;

            var storm = Task.WhenAll(senders.Select((s, i) => Task.Run(() => s.RunAsync(controls[plan[i].Gateway], plan[i].Room, 100_000, stop.Token, TimeSpan.FromMilliseconds(250)))));
            int Acknowledged() => controls.Sum(c => c.Acknowledged);

            // Kill silo-a while receipts are rising; silo-c joins; once every gifter is served again, kill silo-b: every
            // grain has been rebuilt at least once.
            await PollAsync(() => Acknowledged() >= 40 || storm.IsCompleted, TimeSpan.FromSeconds(120), "40 receipts");
            siloA.KillHard();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed silo-a at {Acknowledged()} receipts");
            var siloC = cluster.StartSilo("silo-c");
            await EverySenderServedAgainAsync(senders, storm, "the first kill");
            siloB.KillHard();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed silo-b at {Acknowledged()} receipts");
            await EverySenderServedAgainAsync(senders, storm, "the second kill");
            Assert.True(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() < endsAt, "the match ended before the second kill had an effect: lengthen it");
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} gifts flowing again after both kills ({Acknowledged()} receipts)");

            // Gifts go on past the end of the window (those must not count), then stop.
            await PollAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > endsAt + 2_000, TimeSpan.FromSeconds(DurationSeconds + 60), "the window to close");
            await stop.CancelAsync();
            await storm;
            var ended = await WaitEndedAsync(api1, matchId);
            Assert.Equal(ended.GetRawText(), (await WaitEndedAsync(api2, matchId)).GetRawText());

            var ledger = new LedgerRows(new PostgresDatabase(database));
            foreach (var sender in senders)
            {
                foreach (var (requestId, _) in sender.Receipts)
                {
                    Assert.Equal(1, (await ledger.GiftAsync(StormSender.GiftKey(sender.UserId, requestId))).Holds);
                }
            }
            var window = $"AND at >= {startedAt} AND at < {endsAt}";
            var expectedA = await ledger.CountAsync($"SELECT COALESCE(SUM(coins), 0) FROM ledger_hold WHERE room_id = @k {window}", roomA);
            var expectedB = await ledger.CountAsync($"SELECT COALESCE(SUM(coins), 0) FROM ledger_hold WHERE room_id = @k {window}", roomB);
            var outside = await ledger.CountAsync($"SELECT COUNT(*) FROM ledger_hold WHERE room_id IN ('{roomA}', '{roomB}') AND at >= {endsAt}");
            var scores = ended.GetProperty("sides").EnumerateArray().Select(s => s.GetProperty("score").GetInt64()).ToArray();
            output.WriteLine($"scores {scores[0]}:{scores[1]}, ledger {expectedA}:{expectedB}, {outside} gifts after the window, {Acknowledged()} receipts, "
                + $"{senders.Sum(s => s.FailedGifts.Count)} gift calls retried");
            Assert.True(expectedA > 0 && expectedB > 0);
            Assert.True(outside > 0, "no gift arrived after the window: the test did not check the window's end");
            Assert.Equal([expectedA, expectedB], scores);
            Assert.Equal("time", ended.GetProperty("result").GetProperty("reason").GetString());
            Assert.False(siloC.HasExited);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
        }
    }

    /// <summary>Waits until every gifter has had 5 more receipts since now (its wallet grain and the ledger serve again).</summary>
    private static async Task EverySenderServedAgainAsync(List<StormSender> senders, Task storm, string what)
    {
        var before = senders.Select(s => s.Receipts.Count).ToArray();
        await PollAsync(() => senders.Select((s, i) => s.Receipts.Count >= before[i] + 5).All(x => x) || storm.IsCompleted,
            TimeSpan.FromSeconds(180), $"every gifter served again after {what}");
        Assert.False(storm.IsCompleted, storm.Exception?.ToString() ?? "the gifters stopped");
    }

    /// <summary>The ended match as a gateway reads it (answers during a failover may be errors: polled).</summary>
    private static async Task<JsonElement> WaitEndedAsync(GatewayApi api, string matchId)
    {
        using var client = api.Client();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync($"/api/matches/{matchId}");
                if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadFromJsonAsync<JsonElement>() is var match
                    && match.GetProperty("status").GetString() == "ended")
                {
                    return match;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, "the match did not end");
            await Task.Delay(200);
        }
    }
}
