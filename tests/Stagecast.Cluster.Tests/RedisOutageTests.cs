using Stagecast.Cluster.Tests.Storm;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;
using static Stagecast.Cluster.Tests.Storm.StormChecks;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// Redis (cluster membership) answers nothing for 30 s in the middle of a gift storm on a two-silo cluster: any error
/// a client gets is the typed "unavailable", gifting goes on once Redis is back, and the ledger matches what the
/// clients were told (nothing acknowledged lost, nothing applied twice).
/// </summary>
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    private const int Senders = 6;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Redis_unavailable_for_30s_mid_storm_gives_clear_errors_loses_nothing_and_service_resumes()
    {
        using var data = new TempDirectory("stagecast-redis-outage");
        using var postgres = await PostgresServer.StartAsync(data.Path);
        using var redis = await RedisServer.StartAsync(data.Path);
        var database = await postgres.CreateDatabaseAsync("stagecast");
        using var cluster = new StormCluster(output, redis.Address, database);
        cluster.StartSilo("silo-a");
        cluster.StartSilo("silo-b");
        var (_, api) = await cluster.StartGatewayAsync(activeSilos: 2);

        var (_, creatorToken) = await api.RegisterAsync();
        var roomId = await api.OpenLiveRoomAsync(creatorToken);
        var control = new StormControl(api.BaseAddress);
        var senders = new List<StormSender>();
        using var stop = new CancellationTokenSource();
        try
        {
            for (var i = 0; i < Senders; i++)
            {
                var (userId, token) = await api.RegisterAsync();
                var sender = new StormSender(i, userId, token);
                senders.Add(sender);
                await sender.BuyAsync(control, "coins-7000", 7000);
            }
            // Paced (25 ms after each gift, so 3,000 gifts last at least 75 s): the storm must outlast the outage on any machine.
            var storm = Task.WhenAll(senders.Select(s => Task.Run(() => s.RunAsync(control, roomId, 3000, stop.Token, TimeSpan.FromMilliseconds(25)))));

            await WaitRisingAsync(control, storm, 100);
            var errorsBefore = control.Errors.Count;
            redis.Freeze();
            var atFreeze = control.Acknowledged;
            await Task.Delay(Outage); // the fault's length, not a synchronisation
            var duringOutage = control.Acknowledged - atFreeze;
            var outageErrors = control.Errors.Skip(errorsBefore).ToList();
            redis.Thaw();
            output.WriteLine($"{duringOutage} gifts acknowledged while Redis was frozen; {outageErrors.Count} errors: {string.Join(" | ", outageErrors.Distinct().Take(3))}");
            Assert.All(outageErrors, e => Assert.Contains("unavailable", e));
            Assert.DoesNotContain(senders, s => s.Finished);

            // Service resumes: receipts keep coming after Redis is back.
            var atThaw = control.Acknowledged;
            await PollAsync(() => control.Acknowledged >= atThaw + 100 || storm.IsCompleted, TimeSpan.FromSeconds(180), "gifts after Redis came back");
            Assert.False(storm.IsCompleted, storm.Exception?.ToString() ?? "the storm ended early");
            await stop.CancelAsync();
            var finished = await Task.WhenAny(storm, Task.Delay(TimeSpan.FromSeconds(300)));
            Assert.True(finished == storm, "the storm did not stop");
            await storm;

            var ledger = new LedgerRows(new PostgresDatabase(database + ";Pooling=false"));
            await AssertFinalStateAsync(api, ledger, senders, creatorToken);
            output.WriteLine($"{control.Acknowledged} gifts in all; {senders.Sum(s => s.FailedGifts.Count)} gift calls retried");
        }
        finally
        {
            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
    }
}
