using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests.Matches;

/// <summary>What match tests do over the real API: invite, answer, read, gift through the hub, watch the match event.</summary>
public static class MatchKit
{
    public static async Task<string> InviteAsync(GatewayHost host, OpenedRoom from, OpenedRoom to, int? durationSeconds)
    {
        using var client = host.CreateClient(from.HostToken);
        var response = await client.PostJsonAsync($"/api/live/{from.RoomId}/match", new { opponentRoomId = to.RoomId, durationSeconds });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("invited", body.GetProperty("status").GetString());
        return body.GetProperty("matchId").GetString()!;
    }

    public static async Task<HttpResponseMessage> AnswerAsync(GatewayHost host, string token, string matchId, string answer)
    {
        using var client = host.CreateClient(token);
        return await client.PostAsync($"/api/matches/{matchId}/{answer}", null);
    }

    public static async Task<JsonElement> GetAsync(GatewayHost host, string matchId)
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync($"/api/matches/{matchId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>Polls the match until <paramref name="accept"/> holds (the deadline only guards against hangs).</summary>
    public static async Task<JsonElement> WaitAsync(GatewayHost host, string matchId, Func<JsonElement, bool> accept, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var match = await GetAsync(host, matchId);
            if (accept(match))
            {
                return match;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for: {what} (last: {match})");
            await Task.Delay(100);
        }
    }

    public static string Status(JsonElement match) => match.GetProperty("status").GetString()!;

    public static long[] Scores(JsonElement match) => match.GetProperty("sides").EnumerateArray().Select(s => s.GetProperty("score").GetInt64()).ToArray();

    public static string? Reason(JsonElement match) =>
        match.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object ? r.GetProperty("reason").GetString() : null;

    public static string? Winner(JsonElement match) => match.GetProperty("result").GetProperty("winnerRoomId").GetString();

    public static async Task<string> ProblemCodeAsync(HttpResponseMessage response) => (await response.JsonAsync()).GetProperty("code").GetString()!;

    /// <summary>A funded viewer's hub connection; gifts through SendGift, the one ledger path.</summary>
    public static async Task<(string UserId, HubConnection Hub)> GifterAsync(GatewayHost host, string packId = "coins-700")
    {
        var (userId, token) = await host.RegisterAsync();
        await WalletKit.FundAsync(host.Grains(), userId, packId);
        return (userId, await ConnectAsync(host, token, null));
    }

    public static async Task<HubConnection> ConnectAsync(GatewayHost host, string token, ConcurrentQueue<JsonElement>? matches)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        if (matches is not null)
        {
            connection.On<JsonElement>("match", m => matches.Enqueue(m));
        }
        await connection.StartAsync();
        return connection;
    }

    /// <summary>
    /// The host's studio for the room, as the web studio opens it (a SignalR client of the host that joins the room),
    /// once the room grain counts it: random matching pairs only hosts whose studio is connected.
    /// </summary>
    public static async Task<HubConnection> OpenStudioAsync(GatewayHost host, OpenedRoom room)
    {
        var studio = await ConnectAsync(host, room.HostToken, null);
        await studio.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        await WaitStudioAsync(host, room.RoomId, true);
        return studio;
    }

    /// <summary>Polls the room grain until its gateway leases report the host's studio as given (the lease report follows within a second).</summary>
    public static async Task WaitStudioAsync(GatewayHost host, string roomId, bool? connected)
    {
        var room = host.Grains().GetGrain<Contracts.Rooms.ILiveRoomGrain>(roomId);
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (await room.StudioConnected() != connected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"room {roomId}: studio connected never became {connected?.ToString() ?? "unknown"}");
            await Task.Delay(100);
        }
    }

    public static async Task GiftAsync(HubConnection hub, string roomId, string giftId, int count, string requestId)
    {
        var receipt = await hub.InvokeAsync<JsonElement>("SendGift", roomId, giftId, count, requestId);
        Assert.Equal(requestId, receipt.GetProperty("requestId").GetString());
    }
}
