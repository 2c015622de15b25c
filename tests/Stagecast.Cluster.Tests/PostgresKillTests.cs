using Stagecast.Cluster.Tests.Storm;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;
using static Stagecast.Cluster.Tests.Storm.StormChecks;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// Cluster mode (silo and gateway processes, Redis, PostgreSQL) under a gift storm from real SignalR clients: the
/// only silo, which holds every wallet and the ledger writer, is killed with SIGKILL and replaced; later PostgreSQL
/// itself is stopped with <c>pg_ctl -m immediate</c> and started again. While the ledger is down clients get a typed
/// "unavailable" error; nothing acknowledged is lost, nothing unacknowledged is half-applied, and after the clients'
/// retries with the same ids the ledger matches what they were told.
/// </summary>
public sealed class PostgresKillTests(ITestOutputHelper output)
{
    private const int Senders = 8;
    private const int GiftsPerSender = 150;

    [Fact]
    public async Task Silo_kill_and_postgres_crash_mid_storm_lose_no_acknowledged_gift()
    {
        using var data = new TempDirectory("stagecast-pgkill");
        using var postgres = await PostgresServer.StartAsync(data.Path);
        var database = await postgres.CreateDatabaseAsync("stagecast");
        using var cluster = new StormCluster(output, TestServices.Redis, database);
        var siloA = cluster.StartSilo("silo-a");
        var (_, api) = await cluster.StartGatewayAsync();

        var (_, creatorToken) = await api.RegisterAsync();
        var roomId = await api.OpenLiveRoomAsync(creatorToken);
        var control = new StormControl(api.BaseAddress);
        var senders = new List<StormSender>();
        try
        {
            for (var i = 0; i < Senders; i++)
            {
                var (userId, token) = await api.RegisterAsync();
                var sender = new StormSender(i, userId, token);
                senders.Add(sender);
                await sender.BuyAsync(control, "coins-700", 700);
            }
            var storm = Task.WhenAll(senders.Select(s => Task.Run(() => s.RunAsync(control, roomId, GiftsPerSender))));
            // Unpooled: the test's own connections must not outlive the crash of the server below.
            var ledger = new LedgerRows(new PostgresDatabase(database + ";Pooling=false"));

            // 1. SIGKILL the only silo (every wallet and the ledger writer live there) while receipts are rising.
            await WaitRisingAsync(control, storm, 150);
            control.Park();
            siloA.KillHard();
            var atKill = control.Acknowledged;
            Assert.DoesNotContain(senders, s => s.Finished);
            await PollAsync(() => control.Parked == Senders, TimeSpan.FromSeconds(120), "every client's call failed");
            var (inFlight, committed) = await AssertCrashLeftNothingHalfDoneAsync(ledger, senders, control.Acknowledged);
            Assert.NotEqual(0, inFlight);
            output.WriteLine($"silo killed at {atKill} receipts; {inFlight} gifts in flight, {committed} committed without a receipt");
            var siloB = cluster.StartSilo("silo-b");
            await api.WaitHealthyAsync(siloB, TimeSpan.FromSeconds(180));
            control.Resume(api.BaseAddress);

            // 2. Crash PostgreSQL while receipts are rising again; clients must hear "unavailable", not a bare failure.
            await WaitRisingAsync(control, storm, control.Acknowledged + 150);
            var errorsBefore = control.Errors.Count;
            await postgres.StopImmediateAsync();
            var atStop = control.Acknowledged;
            await PollAsync(() => control.Errors.Count >= errorsBefore + Senders, TimeSpan.FromSeconds(120), "clients to see the outage");
            var outage = control.Errors.Skip(errorsBefore).ToList();
            Assert.DoesNotContain(senders, s => s.Finished);
            await postgres.StartAsync();
            output.WriteLine($"postgres stopped at {atStop} receipts; {outage.Count} errors while down, e.g. {outage[0]}");
            Assert.All(outage, e => Assert.Contains("unavailable", e));

            var finished = await Task.WhenAny(storm, Task.Delay(TimeSpan.FromSeconds(300)));
            Assert.True(finished == storm, $"the storm did not finish after recovery ({control.Acknowledged} receipts)");
            await storm;
            Assert.All(senders, s => Assert.Equal(GiftsPerSender, s.Receipts.Count));
            await AssertFinalStateAsync(api, ledger, senders, creatorToken);
            output.WriteLine($"{senders.Sum(s => s.FailedGifts.Count)} gift calls and {senders.Sum(s => s.FailedConfirms.Count)} confirmations retried");
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
