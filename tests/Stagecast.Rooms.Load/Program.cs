using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Rooms.Load;
using static Stagecast.Rooms.Load.HubClients;
using static Stagecast.Rooms.Load.ProcStats;

// Connects N anonymous viewers (WebSockets + MessagePack) to one room of a running platform, has S signed-in
// senders post M comments per second, and reports delivery latency (server send -> client receipt) and throughput.
if (args.Contains("--match"))
{
    // The LIVE Match score benchmark: see MatchBench.
    await MatchBench.RunAsync(args);
    return;
}
var options = Args.Parse(args);
ThreadPool.SetMinThreads(64, 64);
Console.WriteLine($"url={options.Url} viewers={options.Viewers} rate={options.Rate}/s seconds={options.Seconds} warmup={options.Warmup} client={options.Client} mode={options.Mode} senders={options.Senders}");
using var http = new HttpClient { BaseAddress = new Uri(options.Urls[0]), Timeout = TimeSpan.FromSeconds(60) };

var host = await Register(http);
http.DefaultRequestHeaders.Authorization = new("Bearer", host);
var opened = await (await http.PostAsJsonAsync("/api/live", new { title = "load test" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Opened>();
(await http.PostAsync($"/api/live/{opened!.RoomId}/start", null)).EnsureSuccessStatusCode();
var roomId = opened.RoomId;
http.DefaultRequestHeaders.Authorization = null;
Console.WriteLine($"room {roomId}");

var fromSend = new LatencyHistogram();
var fromSendInterval = new LatencyHistogram();
var fromComment = new LatencyHistogram();
long messages = 0, events = 0, failures = 0;
var viewers = new List<HubConnection>();
var rawViewers = new List<RawViewer>();
Uri HubUrl(int index) => new(new Uri(options.UrlFor(index)), "/hubs/live");
using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });
void OnBatch(long sentAt, int comments, ReadOnlySpan<long> commentTimes)
{
    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    Interlocked.Increment(ref messages);
    if (comments > 0)
    {
        Interlocked.Add(ref events, comments);
        fromSend.Add(now - sentAt, comments);
        fromSendInterval.Add(now - sentAt, comments);
        foreach (var at in commentTimes)
        {
            fromComment.Add(now - at);
        }
    }
}
void ConnectFailed(Exception exception)
{
    if (Interlocked.Increment(ref failures) <= 3)
    {
        Console.WriteLine($"connect failed: {exception.Message}");
    }
}
// Lean viewers read every comment's time in one viewer of --comment-sample (all of them with 1).
bool ReadsComments(int viewer) => viewer % options.CommentSample == 0;
var connectWatch = Stopwatch.StartNew();
using var epoll = options.Client == "epoll" ? new EpollViewers(options.Viewers, OnBatch) : null;
if (epoll is not null)
{
    // Blocking connects and upgrades on 32 threads; the epoll thread reads the handshakes and join answers.
    Parallel.For(0, options.Viewers, new ParallelOptions { MaxDegreeOfParallelism = 32 }, i =>
    {
        try
        {
            epoll.Connect(i, HubUrl(i), roomId, ReadsComments(i));
        }
        catch (Exception exception)
        {
            ConnectFailed(exception);
        }
    });
    var joinDeadline = Stopwatch.StartNew();
    while (epoll.Joined + epoll.Failures().Count + failures < options.Viewers && joinDeadline.Elapsed < TimeSpan.FromSeconds(120))
    {
        await Task.Delay(100);
    }
    failures += epoll.Failures().Count;
}
using (var gate = new SemaphoreSlim(64))
{
    var tasks = Enumerable.Range(0, epoll is null ? options.Viewers : 0).Select(async index =>
    {
        await gate.WaitAsync();
        try
        {
            if (options.Client == "raw")
            {
                var raw = await RawViewer.JoinAsync(HubUrl(index), invoker, roomId, OnBatch, ReadsComments(index), CancellationToken.None);
                lock (rawViewers)
                {
                    rawViewers.Add(raw);
                }
                return;
            }
            var c = Connect(options.UrlFor(index), null);
            if (options.Mode == "batch")
            {
                c.On<WireBatch>("batch", b =>
                {
                    Span<long> at = stackalloc long[Math.Min(b.Comments.Count, 256)];
                    for (var i = 0; i < at.Length; i++)
                    {
                        at[i] = b.Comments[i].At;
                    }
                    OnBatch(b.SentAt, b.Comments.Count, at);
                });
            }
            else
            {
                c.On<WireComment>("comment", comment =>
                {
                    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    Interlocked.Increment(ref messages);
                    Interlocked.Increment(ref events);
                    fromComment.Add(now - comment.At);
                });
            }
            await c.StartAsync();
            await c.InvokeAsync<WireSnapshot>(options.Mode == "batch" ? "JoinRoomBatched" : "JoinRoom", roomId);
            lock (viewers)
            {
                viewers.Add(c);
            }
        }
        catch (Exception exception)
        {
            ConnectFailed(exception);
        }
        finally
        {
            gate.Release();
        }
    }).ToList();
    await Task.WhenAll(tasks);
}
var viewerCount = viewers.Count + rawViewers.Count + (epoll?.Joined ?? 0);
// Raw and epoll viewers answer the server's keep-alive themselves: a ping every 10 s (the server gives up after
// 30 s), spread evenly over the period as real clients are, not all 10,000 in one burst.
const int pingSlices = 100;
var pingLoop = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10) / pingSlices);
    for (var slice = 0; await timer.WaitForNextTickAsync(); slice = (slice + 1) % pingSlices)
    {
        for (var i = slice; i < rawViewers.Count; i += pingSlices)
        {
            _ = rawViewers[i].PingAsync();
        }
        epoll?.Ping(slice, pingSlices);
    }
});
Console.WriteLine($"{viewerCount} viewers joined in {connectWatch.Elapsed.TotalSeconds:F1} s ({failures} failed)");

var senders = new List<HubConnection>();
for (var i = 0; i < options.Senders; i++)
{
    var c = Connect(options.UrlFor(i), await Register(http));
    await c.StartAsync();
    senders.Add(c);
}

long sent = 0, refused = 0;
using var stop = new CancellationTokenSource();
var sendLoop = Task.Run(async () =>
{
    var interval = TimeSpan.FromSeconds(1.0 / options.Rate);
    var clock = Stopwatch.StartNew();
    for (long n = 0; !stop.IsCancellationRequested; n++)
    {
        var due = interval * n;
        if (due > clock.Elapsed)
        {
            await Task.Delay(due - clock.Elapsed);
        }
        var sender = senders[(int)(n % senders.Count)];
        _ = sender.InvokeAsync("SendComment", roomId, $"load {n}").ContinueWith(t =>
        {
            if (t.IsFaulted) Interlocked.Increment(ref refused); else Interlocked.Increment(ref sent);
        });
    }
});

await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
fromSend.Reset();
fromSendInterval.Reset();
fromComment.Reset();
Interlocked.Exchange(ref messages, 0);
Interlocked.Exchange(ref events, 0);
Interlocked.Exchange(ref sent, 0);
var rssStart = Rss(options.ServerPids);
var serverCpuStart = CpuSeconds(options.ServerPids);
var serverSysStart = CpuSeconds(options.ServerPids, systemOnly: true);
var clientCpuStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
var measure = Stopwatch.StartNew();
var lastSample = (At: 0.0, Cpu: serverCpuStart);
while (measure.Elapsed.TotalSeconds < options.Seconds - 0.5)
{
    await Task.Delay(TimeSpan.FromSeconds(Math.Min(options.Sample, options.Seconds - measure.Elapsed.TotalSeconds)));
    var at = measure.Elapsed.TotalSeconds;
    var cpu = CpuSeconds(options.ServerPids);
    Console.WriteLine($"  t={at:F0}s sent/s={Interlocked.Read(ref sent) / at:F1} msgs/s={Interlocked.Read(ref messages) / at:F0} " +
        $"p50={fromSend.Percentile(0.5)} p99={fromSend.Percentile(0.99)} (this interval {fromSendInterval.Percentile(0.5)}/{fromSendInterval.Percentile(0.99)}) server_cpu={(cpu - lastSample.Cpu) / (at - lastSample.At):P0} " +
        $"serverRssMB={Rss(options.ServerPids) / 1024} {ServerStats(options.ServerStats)} load={File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    lastSample = (at, cpu);
    fromSendInterval.Reset();
}
var seconds = measure.Elapsed.TotalSeconds;
var rssEnd = Rss(options.ServerPids);
var serverCpu = CpuSeconds(options.ServerPids) - serverCpuStart;
var serverSys = CpuSeconds(options.ServerPids, systemOnly: true) - serverSysStart;
var clientCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - clientCpuStart;
var (sentTotal, eventsTotal, messagesTotal) = (Interlocked.Read(ref sent), Interlocked.Read(ref events), Interlocked.Read(ref messages));
await stop.CancelAsync();
await sendLoop;
var histogram = options.Mode == "batch" ? fromSend : fromComment;
Console.WriteLine($"RESULT viewers={viewerCount} client={options.Client} mode={options.Mode} asked={options.Rate}/s sent={sentTotal / seconds:F1}/s refused={refused} " +
    $"delivered_events/s={eventsTotal / seconds:F0} delivered_msgs/s={messagesTotal / seconds:F0} " +
    $"send->recv p50={histogram.Percentile(0.5)}ms p99={histogram.Percentile(0.99)}ms " +
    $"comment->recv p50={fromComment.Percentile(0.5)}ms p99={fromComment.Percentile(0.99)}ms " +
    $"expected_events/s={sentTotal / seconds * viewerCount:F0} serverRssMB={rssStart / 1024}->{rssEnd / 1024} " +
    $"server_cpu={serverCpu / seconds:P0} server_us/msg={(messagesTotal > 0 ? serverCpu * 1e6 / messagesTotal : 0):F1} (kernel {(messagesTotal > 0 ? serverSys * 1e6 / messagesTotal : 0):F1}) client_cpu={clientCpu / seconds:P0} client_us/msg={(messagesTotal > 0 ? clientCpu * 1e6 / messagesTotal : 0):F1}");

var lost = rawViewers.Count(v => v.Failure is not null);
if (lost > 0)
{
    Console.WriteLine($"{lost} raw viewers lost their connection, first: {rawViewers.First(v => v.Failure is not null).Failure}");
}
if (epoll?.Failures() is { Count: > 0 } epollLost)
{
    Console.WriteLine($"{epollLost.Count} epoll viewers failed or lost their connection, first: {epollLost.First}");
}
await Task.WhenAll(senders.Concat(viewers).Select(c => c.DisposeAsync().AsTask())
    .Concat(rawViewers.Select(v => v.DisposeAsync().AsTask())));

static async Task<string> Register(HttpClient http)
{
    var response = await http.PostAsJsonAsync("/api/auth/register",
        new { username = "load" + Guid.NewGuid().ToString("N")[..12], password = "load test password" });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<Registered>())!.Token;
}

static string ServerStats(string? path)
{
    // The gateway writes its managed-heap figures there when started with --Stagecast:Rooms:StatsFile=PATH.
    try
    {
        return path is null ? "" : File.ReadAllText(path).Trim();
    }
    catch (IOException)
    {
        return "";
    }
}

internal sealed record Opened(string RoomId, string StreamKey);

internal sealed record Registered(string UserId, string Token);
