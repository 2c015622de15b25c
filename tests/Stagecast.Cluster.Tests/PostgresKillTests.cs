using System.Security.Cryptography;
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
public sealed class PostgresKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Senders = 8;
    private const int GiftsPerSender = 150;
    private readonly List<PlatformProcess> _processes = [];

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            output.WriteLine($"--- {p.Name} (exited: {p.HasExited}) ---\n{p.Output}");
            p.Dispose();
        }
    }

    [Fact]
    public async Task Silo_kill_and_postgres_crash_mid_storm_lose_no_acknowledged_gift()
    {
        using var data = new TempDirectory("stagecast-pgkill");
        using var postgres = await PostgresServer.StartAsync(data.Path);
        var database = await postgres.CreateDatabaseAsync("stagecast");
        var cluster = new Dictionary<string, string>
        {
            ["Stagecast__Mode"] = "Cluster",
            ["Stagecast__ClusterId"] = "pgkill-" + Guid.NewGuid().ToString("N")[..8],
            ["Stagecast__ServiceId"] = "stagecast-pgkill-test",
            ["Stagecast__RedisConnectionString"] = TestServices.Redis,
            ["Stagecast__StorageProvider"] = "Postgres",
            ["Stagecast__StorageConnectionString"] = database,
            ["Stagecast__AdvertisedAddress"] = "127.0.0.1",
            ["Stagecast__Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Stagecast__Economy__OperatorToken"] = GatewayApi.OperatorToken,
            ["Stagecast__Economy__HoldWindow"] = "7.00:00:00",
            ["Stagecast__Auth__AttemptsPerMinute"] = "100000",
            ["Stagecast__Rtmp__Port"] = "0",
        };
        PlatformProcess StartSilo(string name) => Track(PlatformProcess.Start(name, PlatformProcess.DllPath("silo", "Stagecast.Silo"), With(cluster, new()
        {
            ["Stagecast__SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast__GatewayPort"] = FreePort.Tcp().ToString(),
        })));

        var siloA = StartSilo("silo-a");
        var port = FreePort.Tcp();
        var gateway = Track(PlatformProcess.Start("gateway", PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), With(cluster, new()
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
        })));
        var api = new GatewayApi(new Uri($"http://127.0.0.1:{port}"));
        await api.WaitHealthyAsync(gateway, TimeSpan.FromSeconds(180));

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
            var siloB = StartSilo("silo-b");
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
            await AssertFinalStateAsync(api, ledger, senders, GiftsPerSender, creatorToken);
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

    private static async Task WaitRisingAsync(StormControl control, Task storm, int atLeast)
    {
        await PollAsync(() => control.Acknowledged >= atLeast || storm.IsCompleted, TimeSpan.FromSeconds(240), $"{atLeast} receipts");
        Assert.False(storm.IsCompleted, storm.Exception?.ToString() ?? "the storm ended before the fault");
        var seen = control.Acknowledged;
        await PollAsync(() => control.Acknowledged >= seen + 15 || storm.IsCompleted, TimeSpan.FromSeconds(120), "receipts still rising");
        Assert.False(storm.IsCompleted, "the storm ended before the fault");
    }

    private PlatformProcess Track(PlatformProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static Dictionary<string, string> With(Dictionary<string, string> a, Dictionary<string, string> b)
    {
        var all = new Dictionary<string, string>(a);
        foreach (var (k, v) in b)
        {
            all[k] = v;
        }
        return all;
    }
}
