using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;
using Stagecast.TestInfrastructure;

// Gifts per second, durable and exactly-once, through an embedded gateway (SQLite, or PostgreSQL with --postgres).
//   --mode grain : each sender calls its wallet grain's SendGift (the path the hub takes after CheckGift)
//   --mode hub   : each sender is a SignalR client calling SendGift on /hubs/live (CheckGift, ledger, PublishGift)
// Every call uses a fresh request id; latency is from call to durable receipt.
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--")).ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length && !args[x.i + 1].StartsWith("--") ? args[x.i + 1] : "true");
var mode = options.GetValueOrDefault("mode", "grain");
var senders = int.Parse(options.GetValueOrDefault("senders", "256"));
var seconds = int.Parse(options.GetValueOrDefault("seconds", "10"));
var postgres = options.GetValueOrDefault("postgres");

var settings = new Dictionary<string, string?>
{
    ["Logging:LogLevel:Default"] = "Warning",
    ["Stagecast:Economy:OperatorToken"] = "bench",
};
if (postgres is not null)
{
    await using (var admin = new Npgsql.NpgsqlConnection(postgres))
    {
        await admin.OpenAsync();
        var name = "bench_" + Guid.NewGuid().ToString("N")[..8];
        await using var create = admin.CreateCommand();
        create.CommandText = $"CREATE DATABASE {name}";
        await create.ExecuteNonQueryAsync();
        settings["Stagecast:StorageProvider"] = "Postgres";
        settings["Stagecast:StorageConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = name, MaxPoolSize = 200 }.ToString();
    }
}
await using var host = await GatewayHost.StartEmbeddedAsync(settings: settings);
var grains = host.Services.GetRequiredService<IGrainFactory>();
var ledger = host.Services.GetRequiredService<LedgerService>();
Console.WriteLine($"storage={(postgres is null ? "sqlite" : "postgres")} mode={mode} senders={senders} seconds={seconds} cores={Environment.ProcessorCount}");

var users = new (string Id, string Token)[senders];
await Parallel.ForEachAsync(Enumerable.Range(0, senders), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
{
    users[i] = mode == "hub" ? await host.RegisterAsync() : ($"bench-sender-{i}", "");
    for (var p = 0; p < 3; p++)
    {
        var ticket = await grains.GetGrain<IWalletGrain>(users[i].Id).StartPurchase("coins-7000");
        await grains.GetGrain<IPaymentsGrain>(0).Apply(new PaymentSignal("bench:" + ticket!.PurchaseId, PaymentSignalKind.Paid, ticket.PurchaseId, null, null, "bench.paid"));
    }
});

string roomId = "bench-room";
var creator = "bench-hot-creator";
var connections = new HubConnection[senders];
if (mode == "hub")
{
    var (hostId, hostToken) = await host.RegisterAsync();
    creator = hostId;
    using var client = host.CreateClient(hostToken);
    var opened = await client.PostAsJsonAsync("/api/live", new { title = "bench" });
    opened.EnsureSuccessStatusCode();
    roomId = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("roomId").GetString()!;
    (await client.PostAsync($"/api/live/{roomId}/start", null)).EnsureSuccessStatusCode();
    for (var i = 0; i < senders; i++)
    {
        var token = users[i].Token;
        connections[i] = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
        await connections[i].StartAsync();
    }
}

var latencies = new ConcurrentBag<long[]>();
var batchesBefore = ledger.Writer.Batches;
var commandsBefore = ledger.Writer.Commands;
var clock = Stopwatch.StartNew();
var deadline = TimeSpan.FromSeconds(seconds);
await Task.WhenAll(Enumerable.Range(0, senders).Select(i => Task.Run(async () =>
{
    var mine = new List<long>(4096);
    var wallet = grains.GetGrain<IWalletGrain>(users[i].Id);
    var n = 0;
    while (clock.Elapsed < deadline)
    {
        var requestId = $"b{i}-{n++}";
        var start = Stopwatch.GetTimestamp();
        if (mode == "hub")
        {
            await connections[i].InvokeAsync<JsonElement>("SendGift", roomId, "rose", 1, requestId);
        }
        else
        {
            var receipt = await wallet.SendGift(new GiftOrder(roomId, creator, "rose", 1, requestId));
            if (receipt.Status != GiftStatus.Sent)
            {
                throw new InvalidOperationException($"gift {requestId}: {receipt.Status}");
            }
        }
        mine.Add(Stopwatch.GetTimestamp() - start);
    }
    latencies.Add(mine.ToArray());
})));
var elapsed = clock.Elapsed;
var all = latencies.SelectMany(l => l).Order().ToArray();
double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
var batches = ledger.Writer.Batches - batchesBefore;
var commands = ledger.Writer.Commands - commandsBefore;
Console.WriteLine($"gifts={all.Length} elapsed={elapsed.TotalSeconds:F1}s rate={all.Length / elapsed.TotalSeconds:F0}/s p50={Ms(all[all.Length / 2]):F1}ms p99={Ms(all[(int)(all.Length * 0.99)]):F1}ms");
Console.WriteLine($"ledger commits={batches} commands/commit={(batches == 0 ? 0 : commands / (double)batches):F1} begin={Ms(ledger.Writer.BeginTicks):F0}ms work={Ms(ledger.Writer.WorkTicks):F0}ms commit={Ms(ledger.Writer.CommitTicks):F0}ms (whole run)");
var audit = await grains.GetGrain<IPaymentsGrain>(0).Verify();
Console.WriteLine($"audit ok={audit.Ok} transactions={audit.Transactions} entries={audit.Entries} {string.Join("; ", audit.Violations.Take(3))}");
foreach (var c in connections.Where(c => c is not null))
{
    await c.DisposeAsync();
}
