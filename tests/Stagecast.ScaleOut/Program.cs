using System.Diagnostics;
using Stagecast.ScaleOut;

// The load side of tests/cluster/scale-out.sh: drives a running cluster through its gateways and reports one RESULT
// line per phase, with the CPU the server processes used per operation.
//   --urls http://a,http://b   gateways (clients are spread over them round-robin)
//   --pids silo:1,gateway:2,postgres:3,redis:4   processes whose CPU is counted (the script passes them)
//   --phase logins|gifts   --seconds S   --clients C
//   gifts only: --rooms R (default C/8), --kill-pid P --kill-after S (SIGKILL P that long into the window, then
//   time until every sender has a gift acknowledged that started after the kill; must be within the window)
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "");
var gateways = options["urls"].Split(',').Select(u => new PlatformApi(new Uri(u))).ToArray();
var cpu = ProcessCpu.Parse(options.GetValueOrDefault("pids"));
var phase = options.GetValueOrDefault("phase", "gifts");
var seconds = int.Parse(options.GetValueOrDefault("seconds", "20"));
var clients = int.Parse(options.GetValueOrDefault("clients", "64"));
var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
ThreadPool.SetMinThreads(Math.Max(64, clients), 64);

// Set-up (registering users hashes passwords, funding goes through the sandbox) is not measured: a few at a time,
// each retried, so a busy box slows it down rather than failing it.
using var setupGate = new SemaphoreSlim(8);
async Task<T> SetUp<T>(Func<Task<T>> step)
{
    await setupGate.WaitAsync();
    try
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (Exception e) when (attempt < 10 && e is HttpRequestException or TaskCanceledException or TimeoutException)
            {
                await Task.Delay(500 * attempt);
            }
        }
    }
    finally
    {
        setupGate.Release();
    }
}

if (phase == "logins")
{
    var users = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => SetUp(() => gateways[i % gateways.Length].RegisterAsync())));
    var latencies = new Latencies();
    long failed = 0;
    var clock = Stopwatch.StartNew();
    var before = cpu.Sample();
    var window = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(users.Select(async (user, i) =>
    {
        var api = gateways[i % gateways.Length];
        while (clock.Elapsed < window)
        {
            var started = clock.Elapsed;
            if (await api.LoginAsync(user.Username))
            {
                latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            }
            else
            {
                Interlocked.Increment(ref failed);
            }
        }
    }));
    var elapsed = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"RESULT phase=logins gateways={gateways.Length} clients={clients} logins/s={latencies.Count / elapsed:F0} failed={failed} " +
        $"{latencies.Describe()} {ProcessCpu.Describe(before, cpu.Sample(), latencies.Count, "login")} load1={load}");
    return 0;
}

// Gifts: hosts open rooms, senders (funded in the sandbox) join one each and send roses, one call in flight each.
var rooms = int.Parse(options.GetValueOrDefault("rooms", Math.Max(1, clients / 8).ToString()));
var roomIds = await Task.WhenAll(Enumerable.Range(0, rooms).Select(async r =>
{
    var api = gateways[r % gateways.Length];
    var host = await SetUp(api.RegisterAsync);
    return await SetUp(() => api.OpenRoomAsync(host.Token));
}));
var senders = await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
{
    var api = gateways[i % gateways.Length];
    var (_, token) = await SetUp(api.RegisterAsync);
    var funded = await SetUp(() => api.FundAsync(token, "coins-7000"));
    return new GiftSender(api, token, roomIds[i % rooms], i) { Funded = funded };
}));
var killPid = options.TryGetValue("kill-pid", out var k) ? int.Parse(k) : (int?)null;
var killAfter = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("kill-after", "10"), System.Globalization.CultureInfo.InvariantCulture));
TimeSpan? killedAt = null;
var giftLatencies = new Latencies();
var giftClock = Stopwatch.StartNew();
var cpuBefore = cpu.Sample();
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
var running = senders.Select(s => Task.Run(() => s.RunAsync(giftClock, () => killedAt, giftLatencies, stop.Token))).ToArray();
if (killPid is { } victim)
{
    await Task.Delay(killAfter);
    cpu.Sample(); // the victim's CPU up to the kill stays in the totals
    Process.GetProcessById(victim).Kill();
    killedAt = giftClock.Elapsed;
    Console.WriteLine($"killed {victim} at {killedAt.Value.TotalSeconds:F1} s");
}
await Task.WhenAll(running);
var giftSeconds = giftClock.Elapsed.TotalSeconds;
var cpuAfter = cpu.Sample();
var acknowledged = senders.Sum(s => s.Acknowledged);

// Exactly once: each wallet holds the funded coins minus its acknowledged roses (1 coin each).
long lost = 0, doubled = 0;
foreach (var s in senders)
{
    var expected = s.Funded - s.Acknowledged;
    var coins = await gateways[0].CoinsAsync(s.Token);
    lost += Math.Max(0, coins - expected);
    doubled += Math.Max(0, expected - s.Unresolved - coins);
}
var recovery = killedAt is null ? ""
    : senders.All(s => s.FirstAfterKill is not null)
        ? $" kill_recovery_s={senders.Max(s => s.FirstAfterKill!.Value.TotalSeconds):F1}"
        : $" kill_recovery_s=never({senders.Count(s => s.FirstAfterKill is null)} senders unserved)";
Console.WriteLine($"RESULT phase=gifts gateways={gateways.Length} clients={clients} rooms={rooms} gifts/s={acknowledged / giftSeconds:F0} acknowledged={acknowledged} " +
    $"retried_errors={senders.Sum(s => s.Errors)} unresolved={senders.Sum(s => s.Unresolved)} acknowledged_lost={lost} charged_unacknowledged={doubled}{recovery} " +
    $"{giftLatencies.Describe()} {ProcessCpu.Describe(cpuBefore, cpuAfter, acknowledged, "gift")} load1={load}");
return lost == 0 ? 0 : 1;
