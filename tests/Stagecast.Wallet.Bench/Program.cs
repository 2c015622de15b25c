using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Wallet;
using Stagecast.Gateway.Accounts;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;
using Stagecast.Wallet.Bench;

// Gifts per second, durable and exactly-once, through an embedded gateway (SQLite, or PostgreSQL with --postgres).
//   --mode grain : each sender calls its wallet grain's SendGift (the path the hub takes after the room gate)
//   --mode hub   : each sender is a SignalR connection calling SendGift on /hubs/live (gate, ledger, publish)
// Every call uses a fresh request id; latency is from call to durable receipt.
// In hub mode the gateway (with its embedded silo) runs in a child process of this tool, so the server's CPU
// (child) and the clients' CPU (this process) are measured apart; --in-process keeps both in one process.
// Options: --senders N (connections / wallets), --inflight K (calls in flight per sender), --seconds S,
// --protocol messagepack|json (hub), --postgres "<connection string>", --pg-pid P (PostgreSQL's CPU too), --warmup S (seconds of load before the
// measured window, so JIT tiering and connection warm-up are not measured; 0 measures from the first gift),
// --data DIR (SQLite: the embedded gateway's data directory, kept after the run; default: a temporary one).
// --verify-only: no load; times the operator check (LedgerVerifier) over a ledger an earlier run left: --data DIR
// (its stagecast.db) or --postgres "<connection string naming that run's database>", --repeat N passes.
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--")).ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length && !args[x.i + 1].StartsWith("--") ? args[x.i + 1] : "true");
var mode = options.GetValueOrDefault("mode", "grain");
var senders = int.Parse(options.GetValueOrDefault("senders", "256"));
var seconds = int.Parse(options.GetValueOrDefault("seconds", "10"));
var warmup = int.Parse(options.GetValueOrDefault("warmup", "5"));
var inflight = int.Parse(options.GetValueOrDefault("inflight", "1"));
var protocol = options.GetValueOrDefault("protocol", "messagepack");
var postgres = options.GetValueOrDefault("postgres");
// --pg-pid: the PostgreSQL postmaster's pid, to report the database's CPU per gift too (e.g. `head -1 $PGDATA/postmaster.pid`).
var pgPid = options.TryGetValue("pg-pid", out var pgPidText) ? int.Parse(pgPidText) : (int?)null;
// --retry-every N: every Nth gift is sent again with the same request id (a client retry); it must get the same
// receipt and move nothing. At the end the gifts acknowledged (once each) are compared with the ledger's gift rows.
var retryEvery = int.Parse(options.GetValueOrDefault("retry-every", "20"));
// --writers N: ledger writer shards (PostgreSQL; unset: the server's default). SQLite always has one.
var writers = options.TryGetValue("writers", out var writersText) ? int.Parse(writersText) : (int?)null;
var data = options.GetValueOrDefault("data");

if (options.ContainsKey("verify-only"))
{
    await VerifyOnly.RunAsync(data, postgres, int.Parse(options.GetValueOrDefault("repeat", "3")));
    return;
}

if (options.ContainsKey("serve"))
{
    // Child: the server side of hub mode. Prints READY with what the clients need, answers STATS, exits on EOF.
    await using var served = await BenchServer.StartAsync(postgres, mode, senders, writers, data);
    Console.WriteLine("READY " + JsonSerializer.Serialize(served.Setup));
    string? line;
    while ((line = Console.ReadLine()) is not null)
    {
        if (line == "STATS")
        {
            Console.WriteLine("STATS " + JsonSerializer.Serialize(await served.StatsAsync(audit: false)));
        }
        else if (line == "AUDIT")
        {
            Console.WriteLine("STATS " + JsonSerializer.Serialize(await served.StatsAsync(audit: true)));
        }
    }
    return;
}

var separate = mode == "hub" && !options.ContainsKey("in-process");
Console.WriteLine($"storage={(postgres is null ? "sqlite" : "postgres")} writers={writers?.ToString() ?? "default"} mode={mode} senders={senders} inflight={inflight} seconds={seconds} warmup={warmup} "
    + $"protocol={(mode == "hub" ? protocol : "-")} server={(separate ? "child process" : "in process")} cores={Environment.ProcessorCount}");

BenchServer? local = null;
Process? child = null;
BenchSetup setup;
Func<string, Task<BenchStats>> stats;
if (separate)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!)
    {
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    if (!Environment.ProcessPath!.EndsWith("Stagecast.Wallet.Bench", StringComparison.Ordinal))
    {
        start.ArgumentList.Add(typeof(BenchServer).Assembly.Location);
    }
    foreach (var a in new[] { "--serve", "--mode", mode, "--senders", senders.ToString() })
    {
        start.ArgumentList.Add(a);
    }
    if (writers is not null)
    {
        start.ArgumentList.Add("--writers");
        start.ArgumentList.Add(writers.Value.ToString());
    }
    if (data is not null)
    {
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(data);
    }
    if (postgres is not null)
    {
        start.ArgumentList.Add("--postgres");
        start.ArgumentList.Add(postgres);
    }
    child = Process.Start(start)!;
    async Task<string> ReadTagged(string tag)
    {
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return line[(tag.Length + 1)..];
            }
            Console.WriteLine("  server: " + line);
        }
        throw new InvalidOperationException("The bench server exited early.");
    }
    setup = JsonSerializer.Deserialize<BenchSetup>(await ReadTagged("READY"))!;
    stats = async command =>
    {
        await child.StandardInput.WriteLineAsync(command);
        await child.StandardInput.FlushAsync();
        return JsonSerializer.Deserialize<BenchStats>(await ReadTagged("STATS"))!;
    };
}
else
{
    local = await BenchServer.StartAsync(postgres, mode, senders, writers, data);
    setup = local.Setup;
    stats = command => local.StatsAsync(command == "AUDIT");
}

var grains = local?.Host.Services.GetRequiredService<IGrainFactory>();
var connections = new HubConnection[mode == "hub" ? senders : 0];
for (var i = 0; i < connections.Length; i += 64)
{
    await Task.WhenAll(Enumerable.Range(i, Math.Min(64, connections.Length - i)).Select(async c =>
    {
        var token = setup.Tokens[c];
        var builder = new HubConnectionBuilder().WithUrl(new Uri(new Uri(setup.BaseAddress), "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token));
        if (protocol == "messagepack")
        {
            builder.AddMessagePackProtocol();
        }
        connections[c] = builder.Build();
        await connections[c].StartAsync();
    }));
}

var latencies = new ConcurrentBag<long[]>();
var failures = 0L;
var acknowledged = 0L;
var retried = 0L;
var sent = 0L;
var self = Process.GetCurrentProcess();
var clock = Stopwatch.StartNew();
var warm = TimeSpan.FromSeconds(warmup);
var deadline = warm + TimeSpan.FromSeconds(seconds);
// The measured window starts after the warm-up: counters and CPU are read then, and only gifts started after it count.
var window = Task.Run(async () =>
{
    await Task.Delay(warm);
    child?.Refresh();
    self.Refresh();
    return (Stats: await stats("STATS"), Client: self.TotalProcessorTime, Child: child?.TotalProcessorTime ?? TimeSpan.Zero,
        Database: pgPid is { } p ? ProcessTreeCpu.Read(p) : TimeSpan.Zero,
        Load: File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?", At: clock.Elapsed);
});
await Task.WhenAll(Enumerable.Range(0, senders * inflight).Select(w => Task.Run(async () =>
{
    var i = w % senders;
    var mine = new List<long>(4096);
    var wallet = grains?.GetGrain<IWalletGrain>(setup.UserIds[i]);
    var n = 0;
    while (clock.Elapsed < deadline)
    {
        var requestId = $"b{w}-{n++}";
        var counted = clock.Elapsed >= warm;
        var start = Stopwatch.GetTimestamp();
        var retry = retryEvery > 0 && Interlocked.Increment(ref sent) % retryEvery == 0;
        long answered;
        if (mode == "hub")
        {
            var receipt = await connections[i].InvokeAsync<BenchReceipt>("SendGift", setup.RoomId, "rose", 1, requestId);
            answered = Stopwatch.GetTimestamp();
            if (receipt.RequestId != requestId)
            {
                throw new InvalidOperationException($"gift {requestId}: receipt for {receipt.RequestId}");
            }
            if (retry && (await connections[i].InvokeAsync<BenchReceipt>("SendGift", setup.RoomId, "rose", 1, requestId)).Coins != receipt.Coins)
            {
                throw new InvalidOperationException($"gift {requestId}: the retry got another balance");
            }
        }
        else
        {
            var order = new GiftOrder(setup.RoomId, setup.CreatorId, "rose", 1, requestId);
            var receipt = await wallet!.SendGift(order);
            answered = Stopwatch.GetTimestamp();
            if (receipt.Status != GiftStatus.Sent)
            {
                Interlocked.Increment(ref failures);
                throw new InvalidOperationException($"gift {requestId}: {receipt.Status}");
            }
            if (retry && await wallet.SendGift(order) is var again && (again.Status != GiftStatus.Repeated || again.Coins != receipt.Coins))
            {
                throw new InvalidOperationException($"gift {requestId}: the retry gave {again.Status} {again.Coins}");
            }
        }
        Interlocked.Increment(ref acknowledged);
        if (retry)
        {
            Interlocked.Increment(ref retried);
        }
        if (counted)
        {
            // The gift's own latency; a retry's round trip is extra load, not part of it.
            mine.Add(answered - start);
        }
    }
    latencies.Add(mine.ToArray());
})));
var (before, clientCpuBefore, childCpuBefore, databaseCpuBefore, loadBefore, windowStart) = await window;
var databaseCpu = pgPid is { } postmaster ? ProcessTreeCpu.Read(postmaster) - databaseCpuBefore : TimeSpan.Zero;
var elapsed = clock.Elapsed - windowStart;
child?.Refresh();
var childCpu = (child?.TotalProcessorTime ?? TimeSpan.Zero) - childCpuBefore;
self.Refresh();
var clientCpu = self.TotalProcessorTime - clientCpuBefore;
var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
var after = await stats("AUDIT");

var all = latencies.SelectMany(l => l).Order().ToArray();
double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
var batches = after.Batches - before.Batches;
var commands = after.Commands - before.Commands;
Console.WriteLine($"gifts={all.Length} elapsed={elapsed.TotalSeconds:F1}s rate={all.Length / elapsed.TotalSeconds:F0}/s p50={Ms(all[all.Length / 2]):F1}ms p99={Ms(all[(int)(all.Length * 0.99)]):F1}ms");
if (separate)
{
    Console.WriteLine($"cpu server={childCpu.TotalMilliseconds * 1000 / all.Length:F0}us/gift ({childCpu.TotalSeconds / elapsed.TotalSeconds:F2} cores) "
        + $"client={clientCpu.TotalMilliseconds * 1000 / all.Length:F0}us/gift ({clientCpu.TotalSeconds / elapsed.TotalSeconds:F2} cores) load={loadBefore}->{loadAfter}");
}
else
{
    Console.WriteLine($"cpu process (server and load generator)={clientCpu.TotalMilliseconds * 1000 / all.Length:F0}us/gift ({clientCpu.TotalSeconds / elapsed.TotalSeconds:F2} cores) load={loadBefore}->{loadAfter}");
}
if (pgPid is not null)
{
    Console.WriteLine($"cpu postgresql={databaseCpu.TotalMilliseconds * 1000 / all.Length:F0}us/gift ({databaseCpu.TotalSeconds / elapsed.TotalSeconds:F2} cores)");
}
Console.WriteLine($"ledger commits={batches} commands/commit={(batches == 0 ? 0 : commands / (double)batches):F1} begin={after.BeginMs - before.BeginMs:F0}ms work={after.WorkMs - before.WorkMs:F0}ms "
    + $"(read={after.ReadMs - before.ReadMs:F0}ms flush={after.FlushMs - before.FlushMs:F0}ms) commit={after.CommitMs - before.CommitMs:F0}ms");
var exactlyOnce = acknowledged == after.GiftRows;
Console.WriteLine($"exactly-once ok={exactlyOnce} acknowledged={acknowledged} (of which {retried} also retried with the same id) ledger-gifts={after.GiftRows}");
if (!exactlyOnce || !after.AuditOk)
{
    Environment.ExitCode = 1;
}
Console.WriteLine($"audit ok={after.AuditOk} transactions={after.Transactions} entries={after.Entries} {after.Violations}");
foreach (var c in connections)
{
    await c.DisposeAsync();
}
if (child is not null)
{
    child.StandardInput.Close();
    await child.WaitForExitAsync();
}
if (local is not null)
{
    await local.DisposeAsync();
}
