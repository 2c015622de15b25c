using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Stagecast.Ingest.Tests.Loopback;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>
/// Two real gateways on Kestrel, as behind a round-robin balancer: the WHIP POST reached gateway A, the PATCH and DELETE
/// reach gateway B, which forwards them to A (the room's ingesting gateway) and answers with A's answer.
/// </summary>
public sealed class WhipForwardingTests : IAsyncLifetime
{
    private readonly WhipGatewayHost _a = new();
    private WhipGatewayHost _b = null!;

    public async Task InitializeAsync()
    {
        await _a.InitializeAsync();
        _b = new WhipGatewayHost { IngestingGateway = _a.BaseAddress };
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task Patch_and_delete_sent_to_the_other_gateway_reach_the_session_owner()
    {
        var room = "f" + Guid.NewGuid().ToString("N")[..10];
        var key = "key-" + room;
        _a.Authority.Keys[room] = key;
        using var a = _a.CreateClient();
        using var b = _b.CreateClient();
        using var publisher = new WhipTestClient();
        var offer = new HttpRequestMessage(HttpMethod.Post, $"/api/live/{room}/whip") { Content = new StringContent(publisher.CreateOffer(), Encoding.UTF8) };
        offer.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        offer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var created = await a.SendAsync(offer);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();

        // Gateway B has no such session: without forwarding each of these is B's own 404.
        Assert.Equal(HttpStatusCode.NoContent, (await b.SendAsync(OnSession(HttpMethod.Patch, location, key, "a=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n"))).StatusCode);
        var wrongKey = await b.SendAsync(OnSession(HttpMethod.Delete, location, key + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal("invalid_stream_key", await CodeOf(wrongKey));

        Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(OnSession(HttpMethod.Delete, location, key))).StatusCode);
        var again = await b.SendAsync(OnSession(HttpMethod.Delete, location, key));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("whip_session_not_found", await CodeOf(again));
    }

    private static HttpRequestMessage OnSession(HttpMethod method, string location, string key, string? fragment = null)
    {
        var request = new HttpRequestMessage(method, location);
        if (fragment is not null)
        {
            request.Content = new StringContent(fragment);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/trickle-ice-sdpfrag");
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static async Task<string> CodeOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("code").GetString()!;
    }
}
