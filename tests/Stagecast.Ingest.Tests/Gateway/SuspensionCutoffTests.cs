using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Gateway.Media;
using Stagecast.TestInfrastructure;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>
/// Issue 14: an operator suspends a host who is live. A real running publisher (ffmpeg over RTMP, a WHIP client) is
/// disconnected, the room ends for its viewers, and publishing again with the room's key is refused.
/// </summary>
public sealed class SuspensionCutoffTests
{
    private const string OperatorName = "opscutoff";

    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static Task<GatewayHost> StartAsync() => GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
    {
        ["Ingest:UdpPort"] = "0",
        ["Ingest:Addresses:0:Bind"] = "127.0.0.1",
        ["Ingest:KeyCheckInterval"] = "00:00:00.500",
        ["Stagecast:Rtmp:BindAnyPort"] = "true",
        ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
        ["Stagecast:Rtmp:RevalidateInterval"] = "00:00:00.5",
        ["Stagecast:Moderation:Operators"] = OperatorName,
    });

    /// <summary>The operator suspends the host over the API, as from the moderation queue.</summary>
    private static async Task SuspendAsync(GatewayHost host, string hostId)
    {
        using var ops = host.CreateClient((await host.RegisterAsync(OperatorName)).Token);
        var response = await ops.PostAsJsonAsync($"/api/operator/users/{hostId}/suspension", new { hours = 24, reason = "violent stream" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met before the guard time");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task FfmpegPublishingOverRtmp_IsCutOffWhenTheHostIsSuspended_AndCannotReconnect()
    {
        await using var host = await StartAsync();
        var room = await host.OpenRoomAsync("suspended over rtmp", start: false);
        var rtmp = host.Services.GetRequiredService<RtmpIngest>();
        using var http = host.CreateClient();
        using var publisher = FfmpegProcess.Publish($"{room.RtmpUrl}/{room.StreamKey}", 300);
        await PollAsync(() => Task.FromResult(rtmp.IsPublishing(room.RoomId)));
        await RoomLifecycleTests.StatusAsync(http, room.RoomId, "live");
        var (viewer, ended) = await RoomLifecycleTests.ViewerAsync(host, room.RoomId);
        await using var _ = viewer;

        await SuspendAsync(host, room.HostId);

        // ffmpeg is disconnected (it exits long before its 300 s clip ends), the room is over for its viewers.
        Assert.NotEqual(0, await publisher.WaitAsync(Guard));
        await PollAsync(() => Task.FromResult(!rtmp.IsPublishing(room.RoomId)));
        await RoomLifecycleTests.StatusAsync(http, room.RoomId, "ended");
        await PollAsync(() => Task.FromResult(!ended.IsEmpty));

        // Reconnecting with the same key is refused.
        using var again = FfmpegProcess.Publish($"{room.RtmpUrl}/{room.StreamKey}", 5);
        Assert.NotEqual(0, await again.WaitAsync(Guard));
        Assert.False(rtmp.IsPublishing(room.RoomId));
        Assert.Equal("ended", (await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/live/{room.RoomId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task WhipPublisher_IsCutOffWhenTheHostIsSuspended_AndCannotReconnect()
    {
        await using var host = await StartAsync();
        var room = await host.OpenRoomAsync("suspended over whip", start: false);
        using var http = host.CreateClient();
        var (publisher, location) = await RoomLifecycleTests.PublishAsync(http, room, room.StreamKey);
        using var _ = publisher;

        await SuspendAsync(host, room.HostId);

        // The WHIP session is closed on the gateway that holds it (its URL is gone), the room ended.
        await PollAsync(async () =>
        {
            var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StringContent("a=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n") };
            patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/trickle-ice-sdpfrag");
            patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
            return (await http.SendAsync(patch)).StatusCode == HttpStatusCode.NotFound;
        });
        await RoomLifecycleTests.StatusAsync(http, room.RoomId, "ended");

        // A new offer with the key is refused.
        using var again = new Loopback.WhipTestClient();
        var offer = new HttpRequestMessage(HttpMethod.Post, room.WhipUrl) { Content = new StringContent(again.CreateOffer(), Encoding.UTF8) };
        offer.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        offer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(offer)).StatusCode);
    }
}
