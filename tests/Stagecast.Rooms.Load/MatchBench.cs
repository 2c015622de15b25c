using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.ScaleOut;

namespace Stagecast.Rooms.Load;

/// <summary>
/// LIVE Match score benchmark (issue 15, <c>--match</c>): two hosts open rooms and play a match; the viewers
/// (epoll clients, <c>JoinRoomBatched</c>) are split over the two rooms; funded senders gift 1-coin roses into both
/// rooms at <c>--rate</c> gifts/s (alternating, round-robin over <c>--senders</c> hub connections, at most
/// 4 calls in flight per sender). Measured: the time from a gift's acknowledgement (SendGift completed) to a viewer
/// holding a score that includes it (see <see cref="AckLog"/>), over one viewer in <c>--comment-sample</c> and
/// both sides; match updates per viewer per second; server CPU; and drops: viewers lost, gifts refused, and
/// viewers whose last score differs from the final one once gifting stopped.
/// </summary>
public static class MatchBench
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    private static long Now() => Clock.ElapsedMilliseconds;

    public static async Task RunAsync(string[] args)
    {
        var options = Args.Parse([.. args.Where(a => a != "--match")]);
        var senderCount = args.Contains("--senders") ? options.Senders : 64;
        ThreadPool.SetMinThreads(64, 64);
        Console.WriteLine($"match benchmark: url={options.Url} viewers={options.Viewers} rate={options.Rate} gifts/s seconds={options.Seconds} " +
            $"warmup={options.Warmup} senders={senderCount} sample=1/{options.CommentSample}");
        var apis = options.Urls.Select(u => new PlatformApi(new Uri(u))).ToArray();
        var (_, hostA) = await apis[0].RegisterAsync();
        var (_, hostB) = await apis[0].RegisterAsync();
        var rooms = new[] { await apis[0].OpenRoomAsync(hostA), await apis[0].OpenRoomAsync(hostB) };

        var capacity = (int)Math.Min(50_000_000, options.Rate * (options.Seconds + options.Warmup + 60));
        var logs = new[] { new AckLog(capacity), new AckLog(capacity) };
        var latency = new LatencyHistogram();
        var viewers = new MatchViewer[options.Viewers];
        long updates = 0;
        using var epoll = new EpollViewers(options.Viewers, (_, _, _) => { });
        var connectWatch = Stopwatch.StartNew();
        long connectFailures = 0;
        Parallel.For(0, options.Viewers, new ParallelOptions { MaxDegreeOfParallelism = 32 }, i =>
        {
            var viewer = viewers[i] = new MatchViewer(i % options.CommentSample == 0);
            try
            {
                epoll.Connect(i, new Uri(new Uri(options.UrlFor(i)), "/hubs/live"), rooms[i % 2], false, scores =>
                {
                    updates++; // only the epoll thread calls this
                    viewer.Seen(scores, Now(), logs, latency);
                });
            }
            catch (Exception exception)
            {
                if (Interlocked.Increment(ref connectFailures) <= 3)
                {
                    Console.WriteLine($"connect failed: {exception.Message}");
                }
            }
        });
        var joinDeadline = Stopwatch.StartNew();
        while (epoll.Joined + epoll.Failures().Count + connectFailures < options.Viewers && joinDeadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(100);
        }
        Console.WriteLine($"{epoll.Joined} viewers joined in {connectWatch.Elapsed.TotalSeconds:F1} s ({connectFailures + epoll.Failures().Count} failed)");
        using var pings = new CancellationTokenSource();
        var pingLoop = PingAsync(epoll, pings.Token);

        var senders = await ConnectSendersAsync(apis, senderCount);
        // The match starts once everyone is ready (joining 10,000 viewers on a busy box can outlast a match).
        var matchId = await StartMatchAsync(options, rooms, hostA, hostB);
        Console.WriteLine($"match {matchId}: {rooms[0]} vs {rooms[1]}");
        using var stop = new CancellationTokenSource();
        var gifting = new Gifting(senders, rooms, logs, Now);
        var sendLoop = Task.Run(() => gifting.RunAsync(options.Rate, stop.Token));

        await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
        latency.Reset();
        var (sentStart, updatesStart, bytesStart) = (gifting.Acknowledged, Volatile.Read(ref updates), epoll.BytesReceived);
        var cpuStart = ProcStats.CpuSeconds(options.ServerPids);
        var measure = Stopwatch.StartNew();
        var last = (At: 0.0, Cpu: cpuStart);
        while (measure.Elapsed.TotalSeconds < options.Seconds - 0.5)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(options.Sample, options.Seconds - measure.Elapsed.TotalSeconds)));
            var at = measure.Elapsed.TotalSeconds;
            var cpu = ProcStats.CpuSeconds(options.ServerPids);
            Console.WriteLine($"  t={at:F0}s acked/s={(gifting.Acknowledged - sentStart) / at:F0} p50={latency.Percentile(0.5)} p99={latency.Percentile(0.99)} " +
                $"server_cpu={(cpu - last.Cpu) / (at - last.At):P0} load={File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            last = (at, cpu);
        }
        var seconds = measure.Elapsed.TotalSeconds;
        var serverCpu = ProcStats.CpuSeconds(options.ServerPids) - cpuStart;
        var acked = gifting.Acknowledged - sentStart;
        var updatesMeasured = Volatile.Read(ref updates) - updatesStart;
        var bytesMeasured = epoll.BytesReceived - bytesStart;
        var (p50, p95, p99, max) = (latency.Percentile(0.5), latency.Percentile(0.95), latency.Percentile(0.99), latency.Percentile(1));
        await stop.CancelAsync();
        await sendLoop;

        // Drops: once the server's score holds every acknowledged coin, every viewer must come to show it.
        var final = await SettledScoresAsync(apis[0], matchId, logs);
        var stale = await StaleViewersAsync(viewers, epoll, final);
        var lost = epoll.Failures();
        Console.WriteLine($"RESULT match viewers={epoll.Joined} asked={options.Rate}/s acked={acked / seconds:F0} gifts/s refused={gifting.Refused} " +
            $"ack->score p50={p50}ms p95={p95}ms p99={p99}ms max={max}ms samples={latency.Count} " +
            $"updates/viewer/s={(epoll.Joined > 0 ? updatesMeasured / seconds / epoll.Joined : 0):F2} " +
            $"bytes/viewer/s={(epoll.Joined > 0 ? bytesMeasured / seconds / epoll.Joined : 0):F0} " +
            $"server_cpu={serverCpu / seconds:P0} server_us/gift={(acked > 0 ? serverCpu * 1e6 / acked : 0):F0} " +
            $"final={final[0]}:{final[1]} acked_coins={logs[0].Coins}:{logs[1].Coins} viewers_lost={lost.Count + connectFailures} stale_viewers={stale}");
        if (lost.First is { } why)
        {
            Console.WriteLine($"first lost viewer: {why}");
        }
        await pings.CancelAsync();
        await pingLoop;
        await Task.WhenAll(senders.Select(s => s.DisposeAsync().AsTask()));
    }

    private static async Task<string> StartMatchAsync(Args options, string[] rooms, string hostA, string hostB)
    {
        using var http = new HttpClient { BaseAddress = new Uri(options.Urls[0]) };
        var duration = Math.Max(60, options.Warmup + options.Seconds + 120);
        using var invite = new HttpRequestMessage(HttpMethod.Post, $"/api/live/{rooms[0]}/match")
        {
            Content = JsonContent.Create(new { opponentRoomId = rooms[1], durationSeconds = duration }),
        };
        invite.Headers.Authorization = new("Bearer", hostA);
        using var invited = await http.SendAsync(invite);
        var matchId = (await invited.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matchId").GetString()!;
        using var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/matches/{matchId}/accept");
        accept.Headers.Authorization = new("Bearer", hostB);
        (await http.SendAsync(accept)).EnsureSuccessStatusCode().Dispose();
        return matchId;
    }

    private static async Task<HubConnection[]> ConnectSendersAsync(PlatformApi[] apis, int count)
    {
        using var gate = new SemaphoreSlim(8);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var api = apis[i % apis.Length];
                var (_, token) = await api.RegisterAsync();
                await api.FundAsync(token, "coins-7000");
                var connection = HubClients.Connect(api.BaseAddress.ToString(), token);
                await connection.StartAsync();
                return connection;
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>Polls the match until its scores hold every acknowledged coin (or 30 s pass); returns them.</summary>
    private static async Task<long[]> SettledScoresAsync(PlatformApi api, string matchId, AckLog[] logs)
    {
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        long[] scores = [];
        for (var deadline = Stopwatch.StartNew(); deadline.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(250))
        {
            var match = await http.GetFromJsonAsync<JsonElement>($"/api/matches/{matchId}");
            scores = [.. match.GetProperty("sides").EnumerateArray().Select(s => s.GetProperty("score").GetInt64())];
            if (scores[0] >= logs[0].Coins && scores[1] >= logs[1].Coins)
            {
                break;
            }
        }
        return scores;
    }

    /// <summary>Viewers still connected whose last score differs from <paramref name="final"/> after 10 s.</summary>
    private static async Task<int> StaleViewersAsync(MatchViewer[] viewers, EpollViewers epoll, long[] final)
    {
        var stale = 0;
        for (var deadline = Stopwatch.StartNew(); deadline.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(250))
        {
            stale = viewers.Where((v, i) => !epoll.HasFailed(i) && !v.Shows(final)).Count();
            if (stale == 0)
            {
                break;
            }
        }
        return stale;
    }

    private static async Task PingAsync(EpollViewers epoll, CancellationToken stop)
    {
        const int slices = 100;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10) / slices);
        try
        {
            for (var slice = 0; await timer.WaitForNextTickAsync(stop); slice = (slice + 1) % slices)
            {
                epoll.Ping(slice, slices);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
