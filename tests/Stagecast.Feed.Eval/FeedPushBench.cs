using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Accounts;
using Stagecast.Gateway.Accounts;

namespace Stagecast.Feed.Eval;

/// <summary>
/// Time from a creator going live (POST /api/live/{id}/start returned) to the `feed` push on followers' real
/// SignalR connections, with the creator's whole follower list (all of them pushed to, some connected).
/// </summary>
public static class FeedPushBench
{
    public static async Task RunAsync(int followers, int connected)
    {
        await using var policy = await GrainFeedPolicy.StartAsync();
        var host = policy.Host;
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var issuer = host.Services.GetRequiredService<TokenIssuer>();
        var (creatorId, creatorToken) = await host.RegisterAsync();
        var clock = Stopwatch.StartNew();
        var creator = grains.GetGrain<IUserGrain>(creatorId);
        for (var i = 0; i < followers; i++)
        {
            await creator.AddFollower($"push-follower-{i}");
        }
        Console.WriteLine($"followers: {followers} in {clock.Elapsed.TotalSeconds:F0} s");
        var received = new ConcurrentDictionary<int, long>();
        var hubs = new List<HubConnection>();
        for (var i = 0; i < connected; i++)
        {
            // Spread over the whole list, not only its head.
            var index = i * (followers / connected);
            var id = $"push-follower-{index}";
            var hub = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(issuer.Issue(id, id, 0));
            }).Build();
            hub.On<JsonElement>("feed", _ => received.TryAdd(index, Stopwatch.GetTimestamp()));
            await hub.StartAsync();
            hubs.Add(hub);
        }
        var room = await host.OpenRoomAsync("Push bench", start: false, hostToken: creatorToken);
        using var client = host.CreateClient(creatorToken);
        (await client.PostAsync($"/api/live/{room.RoomId}/start", null)).EnsureSuccessStatusCode();
        var wentLive = Stopwatch.GetTimestamp();
        var deadline = Stopwatch.StartNew();
        while (received.Count < connected && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }
        var ms = received.Values.Select(t => Math.Max(0, Stopwatch.GetElapsedTime(wentLive, t).TotalMilliseconds)).Order().ToList();
        double P(double q) => ms[Math.Min(ms.Count - 1, (int)(q * ms.Count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feed push after go-live, {followers} followers, {connected} connected: received {ms.Count}/{connected}, p50 {P(0.5):F0} ms, p99 {P(0.99):F0} ms, max {(ms.Count == 0 ? 0 : ms[^1]):F0} ms"));
        foreach (var hub in hubs)
        {
            await hub.DisposeAsync();
        }
    }
}
