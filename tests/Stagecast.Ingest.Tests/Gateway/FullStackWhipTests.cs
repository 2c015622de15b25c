using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Media;
using Stagecast.Gateway.Media;
using Stagecast.Ingest.Tests.Loopback;
using Stagecast.TestInfrastructure;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>
/// No doubles: the gateway as shipped (rooms, HLS packager), a room opened over the API, WHIP with its
/// stream key, the room goes live and its HLS playlist appears; after DELETE the publisher can come back.
/// </summary>
public sealed class FullStackWhipTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private sealed record RoomView(string RoomId, string Status);

    [Fact]
    public async Task RoomOpenedOverTheApi_GoesLiveOverWhip_AndServesHls()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Ingest:UdpPort"] = "0",
        });
        var room = await host.OpenRoomAsync("ingest full stack", start: false);
        using var api = host.CreateClient(room.HostToken);

        using var publisher = new WhipTestClient();
        using var anonymous = host.CreateClient();
        var offer = new HttpRequestMessage(HttpMethod.Post, room.WhipUrl) { Content = new StringContent(publisher.CreateOffer(), Encoding.UTF8) };
        offer.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        offer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
        var answer = await anonymous.SendAsync(offer);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        publisher.ApplyAnswer(await answer.Content.ReadAsStringAsync());
        Assert.True(publisher.CheckConnectivity(Guard));
        publisher.Handshake();
        var units = H264TestSource.AccessUnits(320, 240, 150, gop: 30);
        var sending = Task.Run(() => LoopbackIngestTests.SendClip(publisher, units, 0x7777));

        var deadline = DateTime.UtcNow + Guard;
        string status = "";
        while (status != "live" && DateTime.UtcNow < deadline)
        {
            status = (await anonymous.GetFromJsonAsync<RoomView>($"/api/live/{room.RoomId}"))!.Status;
            await Task.Delay(100);
        }
        Assert.Equal("live", status);
        await sending.WaitAsync(Guard);

        HttpResponseMessage? playlist = null;
        deadline = DateTime.UtcNow + Guard;
        while (DateTime.UtcNow < deadline)
        {
            playlist = await anonymous.GetAsync(room.HlsUrl);
            if (playlist.IsSuccessStatusCode)
            {
                break;
            }
            await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.OK, playlist!.StatusCode);
        Assert.StartsWith("#EXTM3U", await playlist.Content.ReadAsStringAsync());

        // The host sees the publisher's stream health; nobody else does.
        var health = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/live/{room.RoomId}/stream-health");
        Assert.True(health.GetProperty("width").GetInt32() > 0, health.ToString());
        Assert.True(health.GetProperty("height").GetInt32() > 0, health.ToString());
        Assert.True(health.GetProperty("packetsReceived").GetInt64() > 0, health.ToString());
        Assert.True(health.GetProperty("keyframes").GetInt64() > 0, health.ToString());
        Assert.Equal(0, health.GetProperty("srtpAuthFailures").GetInt64());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/live/{room.RoomId}/stream-health")).StatusCode);
        var (_, otherToken) = await host.RegisterAsync();
        using var other = host.CreateClient(otherToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/live/{room.RoomId}/stream-health")).StatusCode);

        var stop = new HttpRequestMessage(HttpMethod.Delete, answer.Headers.Location);
        stop.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(stop)).StatusCode);
        // The room waits for its publisher (reconnecting, 60 s by default), so the publisher can come back with the same key.
        using var again = new WhipTestClient();
        var retry = new HttpRequestMessage(HttpMethod.Post, room.WhipUrl) { Content = new StringContent(again.CreateOffer(), Encoding.UTF8) };
        retry.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.SendAsync(retry)).StatusCode);
    }

    [Fact]
    public async Task StreamKeys_AreCheckedByTheRealRoom_401ForMissingWrongOrAnotherRoomsKey()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Ingest:UdpPort"] = "0",
        });
        var room = await host.OpenRoomAsync("whip keys", start: false);
        var otherRoom = await host.OpenRoomAsync("another room", start: false);
        using var anonymous = host.CreateClient();

        async Task<HttpResponseMessage> OfferAsync(string whipUrl, string? key)
        {
            using var publisher = new WhipTestClient();
            var offer = new HttpRequestMessage(HttpMethod.Post, whipUrl) { Content = new StringContent(publisher.CreateOffer(), Encoding.UTF8) };
            offer.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
            if (key is not null) offer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return await anonymous.SendAsync(offer);
        }

        var refusals = new (string What, string Url, string? Key)[]
        {
            ("no key", room.WhipUrl, null),
            ("a wrong key", room.WhipUrl, room.StreamKey + "x"),
            ("the other room's key", room.WhipUrl, otherRoom.StreamKey),
            ("the host's bearer token", room.WhipUrl, room.HostToken),
            ("a room that does not exist", room.WhipUrl.Replace(room.RoomId, "no-such-room", StringComparison.Ordinal), room.StreamKey),
        };
        foreach (var (what, url, key) in refusals)
        {
            using var response = await OfferAsync(url, key);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var view = await anonymous.GetFromJsonAsync<RoomView>($"/api/live/{room.RoomId}");
        Assert.NotEqual("live", view!.Status);

        // The positive control: the room's own key, checked by the same room grain, is accepted.
        using var accepted = await OfferAsync(room.WhipUrl, room.StreamKey);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task A_session_that_never_gets_media_takes_back_its_owner_record()
    {
        // A session whose handshake never finishes ends after 5 s here (20 s by default).
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Ingest:UdpPort"] = "0",
            ["Ingest:HandshakeTimeout"] = "00:00:05",
        });
        var room = await host.OpenRoomAsync("no media", start: false);
        var origin = host.Services.GetRequiredService<Orleans.IGrainFactory>().GetGrain<IHlsOriginGrain>(room.RoomId);
        var self = host.Services.GetRequiredService<HlsSelfAddress>().Value;
        using var anonymous = host.CreateClient();

        async Task<HttpResponseMessage> OfferAsync()
        {
            using var publisher = new WhipTestClient();
            var offer = new HttpRequestMessage(HttpMethod.Post, room.WhipUrl) { Content = new StringContent(publisher.CreateOffer(), Encoding.UTF8) };
            offer.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
            offer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
            var answer = await anonymous.SendAsync(offer);
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            return answer;
        }

        async Task WaitRecordAsync(string? expected, string what)
        {
            var deadline = DateTime.UtcNow + Guard;
            while (await origin.GetOrigin() != expected)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{what}: the owner record is still {await origin.GetOrigin() ?? "null"}");
                await Task.Delay(100);
            }
        }

        // The publisher gives up before any media and deletes the session: the record made before its 201 goes too.
        var first = await OfferAsync();
        Assert.Equal(self, await origin.GetOrigin());
        var delete = new HttpRequestMessage(HttpMethod.Delete, first.Headers.Location);
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(delete)).StatusCode);
        await WaitRecordAsync(null, "after the DELETE");

        // The publisher got its answer and never connected: the record goes when the session times out.
        await OfferAsync();
        Assert.Equal(self, await origin.GetOrigin());
        await WaitRecordAsync(null, "after the handshake timed out");
    }
}
