using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Stagecast.Rooms.Tests;

/// <summary>The viewer count follows joins and leaves on every gateway, dropped connections, and dead gateways.</summary>
[Collection(RoomsCollection.Name)]
public sealed class PresenceTests(RoomsCluster cluster)
{
    [Fact]
    public async Task Viewer_count_follows_joins_leaves_and_dropped_connections_across_gateways()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        await using var watcher = await LiveClient.ConnectAsync(cluster.A, null);
        await watcher.JoinAsync(roomId);
        var onA = await LiveClient.ConnectAsync(cluster.A, null);
        var onB1 = await LiveClient.ConnectAsync(cluster.B, null, messagePack: true);
        var onB2 = await LiveClient.ConnectAsync(cluster.B, null);
        await onA.JoinAsync(roomId);
        await onB1.JoinAsync(roomId);
        await onB2.JoinAsync(roomId);

        await ViewersAsync(roomId, 4);
        await Eventually.TrueAsync(() => watcher.Viewers.LastOrDefault()?.Count == 4, "a viewers event with 4");

        await onA.Connection.InvokeAsync("LeaveRoom", roomId);
        await ViewersAsync(roomId, 3);

        await onB1.DisposeAsync(); // the connection closes without leaving
        await ViewersAsync(roomId, 2);
        await onB2.Connection.StopAsync();
        await ViewersAsync(roomId, 1);
        await Eventually.TrueAsync(() => watcher.Viewers.LastOrDefault()?.Count == 1, "a viewers event with 1");
        await onA.DisposeAsync();
        await onB2.DisposeAsync();
    }

    [Fact]
    public async Task The_hosts_own_connections_are_not_counted_as_watching_and_still_get_the_rooms_events()
    {
        var (roomId, _, hostToken, _) = await cluster.OpenRoomAsync();
        await using var studio = await LiveClient.ConnectAsync(cluster.A, hostToken);
        Assert.Equal(0, (await studio.JoinAsync(roomId)).Viewers); // a studio alone: nobody is watching
        await using var secondTab = await LiveClient.ConnectAsync(cluster.B, hostToken);
        await secondTab.JoinAsync(roomId);

        await using var viewer = await LiveClient.ConnectAsync(cluster.B, null);
        Assert.Equal(1, (await viewer.JoinAsync(roomId)).Viewers);
        await ViewersAsync(roomId, 1);
        await Eventually.TrueAsync(() => studio.Viewers.LastOrDefault()?.Count == 1, "the studio told 1 watching");

        // The host's connections still hold their gateways' leases: both get the room's events.
        var grain = cluster.Grains.GetGrain<Contracts.Rooms.ILiveRoomGrain>(roomId);
        await grain.Comment("someone", "Someone", "hello host");
        await Eventually.TrueAsync(() => studio.Comments.Count == 1 && secondTab.Comments.Count == 1 && viewer.Comments.Count == 1, "the comment everywhere");
    }

    [Fact]
    public async Task A_signed_in_viewer_with_two_tabs_on_a_gateway_counts_once()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        var (_, fanToken) = await cluster.A.RegisterAsync();
        await using var firstTab = await LiveClient.ConnectAsync(cluster.A, fanToken);
        await using var secondTab = await LiveClient.ConnectAsync(cluster.A, fanToken, messagePack: true);
        await using var anonymous = await LiveClient.ConnectAsync(cluster.A, null);
        await using var anonymousTwo = await LiveClient.ConnectAsync(cluster.A, null);
        await firstTab.JoinAsync(roomId);
        await secondTab.JoinAsync(roomId);
        await anonymous.JoinAsync(roomId);
        await anonymousTwo.JoinAsync(roomId);

        // The fan once, and each anonymous connection (nothing tells two anonymous tabs from two people).
        await ViewersAsync(roomId, 3);
        await Eventually.TrueAsync(() => anonymous.Viewers.LastOrDefault()?.Count == 3, "a viewers event with 3");

        await firstTab.Connection.InvokeAsync("LeaveRoom", roomId);
        await anonymousTwo.Connection.StopAsync();
        await ViewersAsync(roomId, 2); // the fan's other tab still watches
        await secondTab.Connection.StopAsync();
        await ViewersAsync(roomId, 1);
        await Eventually.TrueAsync(() => anonymous.Viewers.LastOrDefault()?.Count == 1, "a viewers event with 1");
    }

    [Fact]
    public async Task Viewers_of_a_killed_gateway_process_expire()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        await using var process = await GatewayProcess.StartAsync(cluster.GatewaySettings());
        await using var survivor = await LiveClient.ConnectAsync(cluster.A, null);
        await survivor.JoinAsync(roomId);
        var doomed1 = await LiveClient.ConnectAsync(process.BaseAddress, null, messagePack: true);
        var doomed2 = await LiveClient.ConnectAsync(process.BaseAddress, null);
        await doomed1.JoinAsync(roomId);
        await doomed2.JoinAsync(roomId);
        await ViewersAsync(roomId, 3);

        // Events still reach the other gateway's process.
        var grain = cluster.Grains.GetGrain<Contracts.Rooms.ILiveRoomGrain>(roomId);
        await grain.Comment("someone", "Someone", "before the crash");
        await Eventually.TrueAsync(() => doomed1.Comments.Count == 1 && doomed2.Comments.Count == 1, "comment on the process gateway");

        // The expiry itself is what is asserted; the 60 s limit only keeps a broken expiry from hanging the run
        // (how long it takes is the presence lease, docs/rooms.md, not a test's wall-clock threshold).
        process.Kill();
        await ViewersAsync(roomId, 1, timeoutSeconds: 60);
        await Eventually.TrueAsync(() => survivor.Viewers.LastOrDefault()?.Count == 1, "a viewers event with 1");
        await doomed1.DisposeAsync();
        await doomed2.DisposeAsync();
    }

    private async Task ViewersAsync(string roomId, int expected, int timeoutSeconds = 20)
    {
        using var http = cluster.B.CreateClient();
        await Eventually.ValueAsync(
            async () => (await http.GetFromJsonAsync<RoomView>($"/api/live/{roomId}"))!.Viewers,
            v => v == expected, $"{expected} viewers", timeoutSeconds);
    }

    private sealed record RoomView(int Viewers);
}
