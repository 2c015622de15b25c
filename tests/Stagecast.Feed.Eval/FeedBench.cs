using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Accounts;

namespace Stagecast.Feed.Eval;

/// <summary>
/// GET /api/feed latency over real HTTP at catalog scale: a seeded catalog of ready videos with engagement, users
/// with learned interests, then signed-in and anonymous feed requests from a few concurrent clients.
/// </summary>
public static class FeedBench
{
    public static async Task RunAsync(int seed, int videos, int users, int requests, int clients, int shards)
    {
        var world = new SyntheticWorld(seed, users, videos, sessions: 1);
        var random = new Random(seed);
        await using var policy = await GrainFeedPolicy.StartAsync(catalogShards: shards);
        var now = DateTimeOffset.UtcNow;
        var cards = world.Videos.Select(v => new VideoCard(v.VideoId, world.Creators[v.Creator].CreatorId, $"Creator {v.Creator}",
            string.Join(' ', v.Hashtags.Select(t => "#" + t)), v.Hashtags, VideoStatus.Ready, now.AddMinutes(-random.Next(7 * 24 * 60)),
            v.DurationMs, Stats(random))).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var chunk in cards.Chunk(1000))
        {
            await policy.PublishAsync(chunk);
        }
        Console.WriteLine($"catalog: {videos} videos in {clock.Elapsed.TotalSeconds:F0} s, {shards} shards");
        await SnapshotsAsync(policy.Host.DataDirectory);
        var grains = policy.Host.Services.GetRequiredService<IGrainFactory>();
        clock.Restart();
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, _) =>
        {
            var r = new Random(seed + u);
            for (var i = 0; i < 5; i++)
            {
                var card = cards[r.Next(cards.Count)];
                await grains.GetGrain<IViewerFeedGrain>(world.UserId(u)).Observe(card, VideoSignalKind.Like, null);
            }
        });
        Console.WriteLine($"users: {users} with interests in {clock.Elapsed.TotalSeconds:F0} s");
        var issuer = policy.Host.Services.GetRequiredService<TokenIssuer>();
        foreach (var signedIn in new[] { true, false })
        {
            var latencies = new List<double>();
            await Parallel.ForEachAsync(Enumerable.Range(0, clients), async (c, _) =>
            {
                using var http = policy.Host.CreateClient();
                var r = new Random(seed * 1000 + c);
                var mine = new List<double>();
                for (var i = 0; i < requests / clients + 20; i++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feed?size=10");
                    if (signedIn)
                    {
                        var user = world.UserId(r.Next(users));
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue(user, user, 0));
                    }
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    response.EnsureSuccessStatusCode();
                    // The first 20 per client warm the code paths and connections.
                    if (i >= 20)
                    {
                        mine.Add(ms);
                    }
                }
                lock (latencies)
                {
                    latencies.AddRange(mine);
                }
            });
            latencies.Sort();
            double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GET /api/feed ({(signedIn ? "signed in" : "anonymous")}, {clients} clients): n={latencies.Count} p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {latencies[^1]:F1} ms"));
        }
    }

    // The catalog shards' stored snapshots (each write rewrites its shard's whole row), once the write-behind has run.
    private static async Task SnapshotsAsync(string dataDirectory)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "stagecast.db")};Mode=ReadOnly");
        await db.OpenAsync();
        var last = "";
        for (var tries = 0; tries < 60; tries++)
        {
            await using var command = db.CreateCommand();
            command.CommandText = "SELECT grain_id, length(data), version FROM grain_state WHERE grain_id LIKE 'videocatalog/%' ORDER BY grain_id";
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)} {reader.GetInt64(1) / 1e6:F2} MB (write {reader.GetInt64(2)})"));
                }
            }
            var now = string.Join(", ", rows);
            if (now == last && rows.Count > 0)
            {
                Console.WriteLine($"catalog snapshots: {now}");
                return;
            }
            last = now;
            await Task.Delay(2000);
        }
        Console.WriteLine($"catalog snapshots still changing: {last}");
    }

    private static VideoStats Stats(Random random)
    {
        var impressions = (long)(Math.Pow(random.NextDouble(), 3) * 20_000);
        var views = impressions * random.Next(30, 90) / 100;
        return VideoStats.Empty with
        {
            Impressions = impressions, Views = views, Completions = views * random.Next(10, 60) / 100,
            Likes = views * random.Next(0, 15) / 100, Shares = views * random.Next(0, 3) / 100,
        };
    }
}
