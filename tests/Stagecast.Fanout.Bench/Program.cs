using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Stagecast.Fanout.Bench;

// Delivers the same room batches from room grains to K gateway-like subscribers (Orleans clients on their own
// connections to the silo) by grain observers, memory streams or broadcast channels, and reports delivery latency
// (room grain send -> subscriber receipt) and process CPU per delivered batch. Silo and clients share the process.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
var delivery = Enum.Parse<Delivery>(Arg("delivery", "observers"), ignoreCase: true);
var subscribers = int.Parse(Arg("subscribers", "4"));
var rooms = int.Parse(Arg("rooms", "20"));
var intervalMs = int.Parse(Arg("interval-ms", "50"));
var commentsPerBatch = int.Parse(Arg("comments", "25"));
var seconds = int.Parse(Arg("seconds", "15"));
var warmup = int.Parse(Arg("warmup", "5"));
var pollMs = int.Parse(Arg("poll-ms", "100"));
var siloPort = int.Parse(Arg("silo-port", "11591"));
var gatewayPort = int.Parse(Arg("gateway-port", "30591"));

var siloBuilder = Host.CreateApplicationBuilder();
siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
siloBuilder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(siloPort, gatewayPort);
    silo.AddMemoryGrainStorage("PubSubStore");
    silo.AddMemoryStreams(BenchNames.Streams, b => b.ConfigurePullingAgent(agent => agent.Configure(o =>
        o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(pollMs))));
    silo.AddBroadcastChannel(BenchNames.Channels, o => o.FireAndForgetDelivery = true);
});
using var siloHost = siloBuilder.Build();
await siloHost.StartAsync();

var clientHosts = new List<IHost>();
for (var k = 0; k < subscribers; k++)
{
    var clientBuilder = Host.CreateApplicationBuilder();
    clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
    clientBuilder.UseOrleansClient(client =>
    {
        client.UseLocalhostClustering(gatewayPort);
        client.AddMemoryStreams(BenchNames.Streams);
    });
    var host = clientBuilder.Build();
    await host.StartAsync();
    clientHosts.Add(host);
}

// Subscribe every gateway to every room. Observer references are kept alive here (Orleans holds them weakly).
var keepAlive = new List<object>();
var roomIds = Enumerable.Range(0, rooms).Select(r => $"room{r}").ToArray();
for (var k = 0; k < subscribers; k++)
{
    var client = clientHosts[k].Services.GetRequiredService<IClusterClient>();
    var handler = new GatewayObserver();
    var observer = client.CreateObjectReference<IBatchObserver>(handler);
    keepAlive.Add(handler);
    keepAlive.Add(observer);
    foreach (var roomId in roomIds)
    {
        switch (delivery)
        {
            case Delivery.Observers:
                await client.GetGrain<IBenchRoomGrain>(roomId).Subscribe(observer);
                break;
            case Delivery.Streams:
                var stream = client.GetStreamProvider(BenchNames.Streams).GetStream<BenchBatch>(StreamId.Create(BenchNames.Namespace, roomId));
                keepAlive.Add(await stream.SubscribeAsync((batch, _) => handler.OnBatch(batch)));
                break;
            case Delivery.Broadcast:
                await client.GetGrain<IRelayGrain>(BenchNames.RelayKey(roomId, k)).Register(observer);
                break;
        }
    }
}
var starter = clientHosts[0].Services.GetRequiredService<IClusterClient>();
foreach (var roomId in roomIds)
{
    await starter.GetGrain<IBenchRoomGrain>(roomId).Start(delivery, subscribers, intervalMs, commentsPerBatch);
}

await Task.Delay(TimeSpan.FromSeconds(warmup));
Recorders.AtGateway.Start();
Recorders.AtRelay.Start();
var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(seconds));
Recorders.AtGateway.Stop();
Recorders.AtRelay.Stop();
var elapsed = clock.Elapsed.TotalSeconds;
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
var delivered = Recorders.AtGateway.Count;
var expected = rooms * subscribers * (1000.0 / intervalMs) * elapsed;
var relay = delivery == Delivery.Broadcast
    ? $" relay_p50={Recorders.AtRelay.Percentile(0.5):F1}ms relay_p99={Recorders.AtRelay.Percentile(0.99):F1}ms"
    : "";
Console.WriteLine($"RESULT delivery={delivery} subscribers={subscribers} rooms={rooms} interval={intervalMs}ms comments={commentsPerBatch} " +
    $"delivered/s={delivered / elapsed:F0} ({delivered / expected:P0} of expected) p50={Recorders.AtGateway.Percentile(0.5):F1}ms " +
    $"p99={Recorders.AtGateway.Percentile(0.99):F1}ms{relay} cpu={cpu / elapsed:P0} us/delivery={(delivered > 0 ? cpu * 1e6 / delivered : 0):F1} " +
    $"load={File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

foreach (var roomId in roomIds)
{
    await starter.GetGrain<IBenchRoomGrain>(roomId).Stop();
}
foreach (var host in clientHosts)
{
    await host.StopAsync();
    host.Dispose();
}
await siloHost.StopAsync();
GC.KeepAlive(keepAlive);
