using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Stagecast.Ingest.Tests.Loopback;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>The WHIP routes of the real gateway, with a real publisher (ICE, DTLS, SRTP) behind the 201.</summary>
public sealed class WhipEndpointTests(WhipGatewayHost host) : IClassFixture<WhipGatewayHost>
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static HttpRequestMessage Offer(string roomId, string? key, string body, string contentType = "application/sdp")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/live/{roomId}/whip")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return request;
    }

    private static HttpRequestMessage OnSession(HttpMethod method, string location, string? key, string? fragment = null)
    {
        var request = new HttpRequestMessage(method, location);
        if (fragment is not null)
        {
            request.Content = new StringContent(fragment);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/trickle-ice-sdpfrag");
        }
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return request;
    }

    private string NewRoom()
    {
        string room = "r" + Guid.NewGuid().ToString("N")[..10];
        host.Authority.Keys[room] = "key-" + room;
        return room;
    }

    private static async Task<string> CodeOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task Publish_Media_Delete_AgainstTheRealGateway()
    {
        string room = NewRoom();
        using var http = host.CreateClient();
        using var publisher = new WhipTestClient();
        var request = Offer(room, "key-" + room, publisher.CreateOffer());
        request.Headers.Add("Origin", "https://studio.example");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/sdp", response.Content.Headers.ContentType?.MediaType);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith($"/api/live/{room}/whip/", location);
        Assert.Contains("Location", string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")));

        // A second publisher for the same room is refused while the first one holds it.
        using var other = new WhipTestClient();
        var second = await http.SendAsync(Offer(room, "key-" + room, other.CreateOffer()));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("room_has_publisher", await CodeOf(second));

        publisher.ApplyAnswer(await response.Content.ReadAsStringAsync());
        Assert.True(publisher.CheckConnectivity(Guard));
        publisher.Handshake();
        var units = H264TestSource.AccessUnits(320, 240, 30);
        LoopbackIngestTests.SendClip(publisher, units, 0x4444);
        var deadline = DateTime.UtcNow + Guard;
        while ((host.Outputs.ForRoom(room)?.VideoUnits ?? 0) < units.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(units.Count, host.Outputs.ForRoom(room)!.VideoUnits);
        deadline = DateTime.UtcNow + Guard;
        while (!host.Authority.Started.Contains(room) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Contains(room, host.Authority.Started);

        // Trickle is accepted and ignored; new credentials (an ICE restart) are refused.
        string key = "key-" + room;
        const string candidate = "a=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n";
        var patch = OnSession(HttpMethod.Patch, location, key, "a=ice-ufrag:clientufrag\r\n" + candidate);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await http.SendAsync(patch)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(OnSession(HttpMethod.Patch, location, key, candidate))).StatusCode);
        var wrongType = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StringContent("x") };
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.SendAsync(wrongType)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(OnSession(HttpMethod.Delete, location, key))).StatusCode);
        await host.Outputs.ForRoom(room)!.Ended.Task.WaitAsync(Guard);
        deadline = DateTime.UtcNow + Guard;
        while (!host.Authority.Ended.Contains(room) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Contains(room, host.Authority.Ended);
        var again = await http.SendAsync(OnSession(HttpMethod.Delete, location, key));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("whip_session_not_found", await CodeOf(again));

        // The room is free again.
        using var next = new WhipTestClient();
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(Offer(room, "key-" + room, next.CreateOffer()))).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task MissingOrWrongStreamKey_Is401_AndNoSession(string? key)
    {
        string room = NewRoom();
        using var http = host.CreateClient();
        using var publisher = new WhipTestClient();
        var response = await http.SendAsync(Offer(room, key, publisher.CreateOffer()));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("invalid_stream_key", await CodeOf(response));
        Assert.Null(host.Services.GetService(typeof(Stagecast.Gateway.Media.WhipIngest)) is Stagecast.Gateway.Media.WhipIngest ingest
            ? ingest.Server.GetSessionForRoom(room) : null);
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        string room = NewRoom();
        using var http = host.CreateClient();
        var response = await http.SendAsync(Offer(room, "key-" + room, "v=0", "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", await CodeOf(response));
    }

    [Fact]
    public async Task UnservableOffer_Is422_WithTheReason()
    {
        string room = NewRoom();
        using var http = host.CreateClient();
        using var publisher = new WhipTestClient();
        var offer = publisher.CreateOffer().Replace("H264/90000", "VP9/90000");
        var response = await http.SendAsync(Offer(room, "key-" + room, offer));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("unsupported_offer", await CodeOf(response));
    }

    [Fact]
    public async Task Preflight_AllowsWhipHeaders_AndOptionsAdvertisesSdp()
    {
        using var http = host.CreateClient();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/live/any/whip");
        preflight.Headers.Add("Origin", "https://studio.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        var response = await http.SendAsync(preflight);
        Assert.True(response.IsSuccessStatusCode);
        Assert.True(response.Headers.Contains("Access-Control-Allow-Origin"));
        var plain = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/live/any/whip"));
        Assert.Equal(HttpStatusCode.NoContent, plain.StatusCode);
        Assert.Equal("application/sdp", plain.Headers.GetValues("Accept-Post").Single());
    }

    [Fact]
    public async Task PublisherThatVanishes_Expires_AndTheRoomHearsMediaEnded()
    {
        string room = NewRoom();
        using var http = host.CreateClient();
        var publisher = new WhipTestClient();
        var response = await http.SendAsync(Offer(room, "key-" + room, publisher.CreateOffer()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        publisher.ApplyAnswer(await response.Content.ReadAsStringAsync());
        Assert.True(publisher.CheckConnectivity(Guard));
        publisher.Handshake();
        LoopbackIngestTests.SendClip(publisher, H264TestSource.AccessUnits(320, 240, 30), 0x5555);
        publisher.Dispose(); // gone without DELETE; the gateway is configured with a 3 s timeout
        var deadline = DateTime.UtcNow + Guard;
        while (!host.Authority.Ended.Contains(room) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Contains(room, host.Authority.Ended);
        Assert.Equal(HttpStatusCode.NotFound,
            (await http.SendAsync(OnSession(HttpMethod.Delete, response.Headers.Location!.ToString(), "key-" + room))).StatusCode);
    }

    [Fact]
    public async Task SessionUrl_WithoutTheStreamKey_CannotEndOrPatchTheLive()
    {
        string room = NewRoom();
        using var http = host.CreateClient();
        using var publisher = new WhipTestClient();
        var response = await http.SendAsync(Offer(room, "key-" + room, publisher.CreateOffer()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        const string candidate = "a=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n";

        foreach (var key in new[] { null, "key-someone-else", "key-" + room + "x" })
        {
            var delete = await http.SendAsync(OnSession(HttpMethod.Delete, location, key));
            Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
            Assert.Equal("invalid_stream_key", await CodeOf(delete));
            Assert.Equal("Bearer", delete.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(OnSession(HttpMethod.Patch, location, key, candidate))).StatusCode);
        }
        // The session survived every attempt: its own key still ends it.
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(OnSession(HttpMethod.Delete, location, "key-" + room))).StatusCode);
    }

    [Fact]
    public async Task RotatedKey_CutsOffAPublisherWithTheLeakedKey_AndEndsItsOutput()
    {
        string room = NewRoom();
        using var http = host.CreateClient();
        using var publisher = new WhipTestClient();
        var response = await http.SendAsync(Offer(room, "key-" + room, publisher.CreateOffer()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        publisher.ApplyAnswer(await response.Content.ReadAsStringAsync());
        Assert.True(publisher.CheckConnectivity(Guard));
        publisher.Handshake();
        LoopbackIngestTests.SendClip(publisher, H264TestSource.AccessUnits(320, 240, 30), 0x6666);
        var deadline = DateTime.UtcNow + Guard;
        while (host.Outputs.ForRoom(room) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        host.Authority.Keys[room] = "key-rotated-" + room; // the host rotated the key; the leaked one must stop working
        await host.Outputs.ForRoom(room)!.Ended.Task.WaitAsync(Guard);
        Assert.Equal(HttpStatusCode.NotFound,
            (await http.SendAsync(OnSession(HttpMethod.Delete, response.Headers.Location!.ToString(), "key-" + room))).StatusCode);
        using var leaked = new WhipTestClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Offer(room, "key-" + room, leaked.CreateOffer()))).StatusCode);
    }
}
