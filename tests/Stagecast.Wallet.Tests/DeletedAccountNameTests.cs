using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// After <c>DELETE /api/me</c> the account's name is gone from what others still see: the top-gifter board of a room
/// still open (viewers get a new board, a latecomer's snapshot and <c>GET /api/live/{id}</c> show it), the operators'
/// audit log and the report queue. Everywhere it reads "Deleted user" under the ledger's <c>deleted-…</c> id.
/// Real Kestrel, real SignalR clients.
/// </summary>
public sealed class DeletedAccountNameTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_deleted_gifter_leaves_the_board_audit_and_reports_under_a_pseudonym()
    {
        var operatorName = "ops" + Guid.NewGuid().ToString("N")[..10];
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Economy:HoldWindow"] = "00:00:00",
            ["Stagecast:Moderation:Operators"] = operatorName,
        });
        var (_, operatorToken) = await host.RegisterAsync(operatorName);
        var senderName = "gifter" + Guid.NewGuid().ToString("N")[..8];
        var (senderId, senderToken) = await host.RegisterAsync(senderName, Password);
        var (_, viewerToken) = await host.RegisterAsync();
        var room = await host.OpenRoomAsync("board after deletion");
        await WalletKit.FundAsync(host.Grains(), senderId, "coins-70");

        var boards = new ConcurrentQueue<JsonElement>();
        await using var viewer = await ConnectAsync(host, viewerToken);
        viewer.On<JsonElement>("leaderboard", b => boards.Enqueue(b.GetProperty("topGifters").Clone()));
        await viewer.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        await using (var sender = await ConnectAsync(host, senderToken))
        {
            await sender.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
            await sender.InvokeAsync<JsonElement>("SendGift", room.RoomId, "finger-heart", 14, "all-my-coins");
        }
        await Poll.UntilAsync(() => Task.FromResult(boards.Any(b => Names(b, senderId, senderName))), seen => seen, "the board names the gifter");

        // A report by the sender, a report about the sender, and an operator's action on the latter.
        using var senderClient = host.CreateClient(senderToken);
        using var viewerClient = host.CreateClient(viewerToken);
        using var ops = host.CreateClient(operatorToken);
        Assert.Equal(HttpStatusCode.Created, (await senderClient.PostAsJsonAsync("/api/reports", new { targetType = "room", targetId = room.RoomId, reason = "too loud" })).StatusCode);
        var filed = await viewerClient.PostAsJsonAsync("/api/reports", new { targetType = "user", targetId = senderId, reason = "spam gifts" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var reportId = (await filed.JsonAsync()).GetProperty("reportId").GetString();
        (await ops.PostAsJsonAsync($"/api/operator/reports/{reportId}/resolve", new { action = "dismiss", reason = "fine" })).EnsureSuccessStatusCode();
        Assert.Contains(senderId, await ops.GetStringAsync("/api/operator/audit"));
        Assert.Contains(senderName, await ops.GetStringAsync("/api/operator/reports?status=all"));

        var leaving = new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password = Password }) };
        Assert.Equal(HttpStatusCode.NoContent, (await senderClient.SendAsync(leaving)).StatusCode);

        // Viewers still in the room get a board without the name; the row keeps its coins under the pseudonym.
        var renamed = await Poll.UntilAsync(() => Task.FromResult(boards.LastOrDefault()), b => b.ValueKind == JsonValueKind.Array && !Names(b, senderId, senderName), "a board without the deleted gifter");
        AssertPseudonymised(renamed);
        await using var latecomer = await ConnectAsync(host, (await host.RegisterAsync()).Token);
        var snapshot = await latecomer.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        AssertPseudonymised(snapshot.GetProperty("topGifters"));
        var info = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/api/live/{room.RoomId}");
        AssertPseudonymised(info.GetProperty("topGifters"));

        var audit = await ops.GetStringAsync("/api/operator/audit");
        Assert.DoesNotContain(senderId, audit);
        Assert.Contains("deleted-", audit);
        var reports = await ops.GetStringAsync("/api/operator/reports?status=all");
        Assert.DoesNotContain(senderId, reports);
        Assert.DoesNotContain(senderName, reports);
        Assert.Contains("Deleted user", reports);
    }

    private static bool Names(JsonElement board, string userId, string name) => board.EnumerateArray().Any(g =>
        g.GetProperty("userId").GetString() == userId || g.GetProperty("displayName").GetString()!.Contains(name, StringComparison.Ordinal));

    private static void AssertPseudonymised(JsonElement board)
    {
        var row = Assert.Single(board.EnumerateArray());
        Assert.StartsWith("deleted-", row.GetProperty("userId").GetString());
        Assert.Equal("Deleted user", row.GetProperty("displayName").GetString());
        Assert.Equal(70, row.GetProperty("coins").GetInt64());
    }

    private static async Task<HubConnection> ConnectAsync(GatewayHost host, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
