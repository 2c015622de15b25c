using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.Ingest.Tests.Loopback;
using Stagecast.TestInfrastructure;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>
/// Rooms that end (issue 14): the gateway as shipped, a room opened over the API, a real WHIP publisher and a real
/// SignalR viewer. A publisher that goes away leaves the room reconnecting for the grace period, then it ends by itself;
/// a rotated key cuts off a publisher still using the old one, and the live playlist ends.
/// </summary>
public sealed class RoomLifecycleTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private sealed record RoomView(string RoomId, string Status);

    private sealed record Listing(string RoomId);

    private static Task<GatewayHost> StartAsync(string grace) => GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
    {
        ["Ingest:UdpPort"] = "0",
        ["Ingest:Addresses:0:Bind"] = "127.0.0.1",
        ["Ingest:KeyCheckInterval"] = "00:00:00.500",
        ["Stagecast:RoomLifecycle:ReconnectGrace"] = grace,
    });

    /// <summary>Publishes a short clip to the room and waits until the room is live; returns the session URL.</summary>
    internal static async Task<(WhipTestClient Publisher, string Location)> PublishAsync(HttpClient http, OpenedRoom room, string key)
    {
        var publisher = new WhipTestClient();
        var offer = new HttpRequestMessage(HttpMethod.Post, room.WhipUrl) { Content = new StringContent(publisher.CreateOffer(), Encoding.UTF8) };
        offer.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        offer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var answer = await http.SendAsync(offer);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        publisher.ApplyAnswer(await answer.Content.ReadAsStringAsync());
        Assert.True(publisher.CheckConnectivity(Guard));
        publisher.Handshake();
        LoopbackIngestTests.SendClip(publisher, H264TestSource.AccessUnits(320, 240, 60, gop: 30), 0x7171);
        await StatusAsync(http, room.RoomId, "live");
        return (publisher, answer.Headers.Location!.ToString());
    }

    internal static async Task<string> StatusAsync(HttpClient http, string roomId, string wanted)
    {
        var deadline = DateTime.UtcNow + Guard;
        string status = "";
        while (status != wanted && DateTime.UtcNow < deadline)
        {
            status = (await http.GetFromJsonAsync<RoomView>($"/api/live/{roomId}"))!.Status;
            if (status != wanted)
            {
                await Task.Delay(50);
            }
        }
        Assert.Equal(wanted, status);
        return status;
    }

    internal static async Task<(HubConnection Hub, ConcurrentQueue<JsonElement> Ended)> ViewerAsync(GatewayHost host, string roomId)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        }).Build();
        var ended = new ConcurrentQueue<JsonElement>();
        hub.On<JsonElement>("roomEnded", ended.Enqueue);
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        return (hub, ended);
    }

    private static async Task<bool> ListedAsync(HttpClient http, string roomId) =>
        (await http.GetFromJsonAsync<List<Listing>>("/api/live"))!.Any(l => l.RoomId == roomId);

    [Fact]
    public async Task PublisherThatLeaves_RoomReconnects_ThenEndsByItself()
    {
        // The grace must outlast one status poll on a starved box: with 4 s the room once went from reconnecting to
        // ended between two polls (a suite run beside a second build), and the wait for "reconnecting" never ended.
        await using var host = await StartAsync("00:00:12");
        var room = await host.OpenRoomAsync("goes away", start: false);
        using var http = host.CreateClient();
        var (publisher, location) = await PublishAsync(http, room, room.StreamKey);
        Assert.True(await ListedAsync(http, room.RoomId));
        var (hub, ended) = await ViewerAsync(host, room.RoomId);
        await using var _ = hub;

        var delete = new HttpRequestMessage(HttpMethod.Delete, location);
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(delete)).StatusCode);
        publisher.Dispose();
        await StatusAsync(http, room.RoomId, "reconnecting");

        // Nobody came back: the room ends by itself, viewers hear roomEnded, and it is no longer listed.
        await StatusAsync(http, room.RoomId, "ended");
        var deadline = DateTime.UtcNow + Guard;
        while (ended.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var told = Assert.Single(ended);
        Assert.Equal((room.RoomId, "stream_lost"), (told.GetProperty("roomId").GetString(), told.GetProperty("reason").GetString()));
        Assert.False(await ListedAsync(http, room.RoomId));
    }

    [Fact]
    public async Task PublisherThatComesBackInTheGrace_KeepsTheRoomLive()
    {
        await using var host = await StartAsync("00:00:30");
        var room = await host.OpenRoomAsync("comes back", start: false);
        using var http = host.CreateClient();
        var (first, location) = await PublishAsync(http, room, room.StreamKey);
        first.Dispose(); // vanishes without DELETE ...
        var delete = new HttpRequestMessage(HttpMethod.Delete, location);
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
        await http.SendAsync(delete); // ... or the browser's DELETE made it out: either way media stops
        await StatusAsync(http, room.RoomId, "reconnecting");

        var (second, _) = await PublishAsync(http, room, room.StreamKey);
        using var __ = second;
        Assert.True(await ListedAsync(http, room.RoomId));
    }

    [Fact]
    public async Task RotatingTheKey_CutsOffThePublisherWithTheLeakedKey_AndTheLivePlaylistEnds()
    {
        await using var host = await StartAsync("00:01:00");
        var room = await host.OpenRoomAsync("leaked key", start: false);
        using var http = host.CreateClient();
        var (publisher, location) = await PublishAsync(http, room, room.StreamKey);
        using var _ = publisher;
        var mediaPlaylist = await MediaPlaylistAsync(http, room.HlsUrl);
        Assert.DoesNotContain("#EXT-X-ENDLIST", await http.GetStringAsync(mediaPlaylist));

        using var hostApi = host.CreateClient(room.HostToken);
        var rotated = await hostApi.PostAsync($"/api/live/{room.RoomId}/stream-key", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);

        var deadline = DateTime.UtcNow + Guard;
        string playlist = "";
        while (!playlist.Contains("#EXT-X-ENDLIST") && DateTime.UtcNow < deadline)
        {
            playlist = await http.GetStringAsync(mediaPlaylist);
            await Task.Delay(100);
        }
        Assert.Contains("#EXT-X-ENDLIST", playlist);
        var stale = new HttpRequestMessage(HttpMethod.Delete, location);
        stale.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(stale)).StatusCode); // the session is gone
        await StatusAsync(http, room.RoomId, "reconnecting"); // the host may come back with the new key
    }

    [Fact]
    public async Task EndingTheRoom_ClosesThePublishersSession()
    {
        await using var host = await StartAsync("00:01:00");
        var room = await host.OpenRoomAsync("ended by host", start: false);
        using var http = host.CreateClient();
        var (publisher, location) = await PublishAsync(http, room, room.StreamKey);
        using var _ = publisher;
        using var hostApi = host.CreateClient(room.HostToken);
        Assert.Equal(HttpStatusCode.NoContent, (await hostApi.DeleteAsync($"/api/live/{room.RoomId}")).StatusCode);

        var deadline = DateTime.UtcNow + Guard;
        HttpStatusCode code = HttpStatusCode.OK;
        while (code != HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
        {
            var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StringContent("a=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n") };
            patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/trickle-ice-sdpfrag");
            patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
            code = (await http.SendAsync(patch)).StatusCode;
            await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    /// <summary>The first media playlist the multivariant playlist names, once the packager has written one.</summary>
    private static async Task<Uri> MediaPlaylistAsync(HttpClient http, string hlsUrl)
    {
        var index = new Uri(http.BaseAddress!, hlsUrl);
        var deadline = DateTime.UtcNow + Guard;
        while (DateTime.UtcNow < deadline)
        {
            var response = await http.GetAsync(index);
            if (response.IsSuccessStatusCode)
            {
                var uri = (await response.Content.ReadAsStringAsync()).Split('\n').Select(l => l.Trim())
                    .FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
                if (uri is not null)
                {
                    return new Uri(index, uri);
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("no media playlist appeared");
    }
}
