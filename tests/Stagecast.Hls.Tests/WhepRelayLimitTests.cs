using Stagecast.Media.Net;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Media;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.Media.Whip;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests;

/// <summary>
/// The relay's ingest side (<c>GET /internal/media/{roomId}/rtp</c>) has the connection limits of the other ingest paths:
/// a total and a per-address one, as RTMP's listener has. Each stream copies every packet of the room, so a valid (or
/// replayed) relay credential must not open them without bound.
/// </summary>
public sealed class WhepRelayLimitTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheIngestGateway_RefusesARelayStreamOverThePerAddressLimit_AndAdmitsOneWhenAStreamCloses()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Rtmp:BindAnyPort"] = "true",
            ["Stagecast:Rtmp:BindAddress"] = "127.0.0.1",
            ["Ingest:UdpPort"] = "0",
            ["Ingest:MaxRelayStreamsPerAddress"] = "2",
        });
        var room = await host.OpenRoomAsync("relay limits", start: false);
        using var ffmpeg = FfmpegRtmpPublisher.Start($"{room.RtmpUrl}/{room.StreamKey}", 90, bFrames: 0, gop: 30, output, zeroLatency: true);
        try
        {
            var rtmp = host.Services.GetRequiredService<RtmpIngest>();
            await Eventually(() => Task.FromResult(rtmp.IsPublishing(room.RoomId)), "the RTMP publisher never started");
            var jwt = host.Services.GetRequiredService<JwtSettings>();
            var limits = host.Services.GetRequiredService<RelayStreamLimits>();
            using var client = host.CreateClient();
            Task<HttpResponseMessage> OpenAsync()
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/media/{room.RoomId}/rtp");
                request.Headers.TryAddWithoutValidation(WhepRelayAuth.Header, WhepRelayAuth.Sign(jwt, room.RoomId, DateTimeOffset.UtcNow));
                return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            }

            using var first = await OpenAsync();
            using var second = await OpenAsync();
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            // The streams carry the room's packets (a length-prefixed RTP packet each); the body stays open.
            var frame = new byte[2];
            using (var read = new CancellationTokenSource(Guard))
            {
                await (await first.Content.ReadAsStreamAsync()).ReadExactlyAsync(frame, read.Token);
            }

            Assert.InRange(frame[0] << 8 | frame[1], 13, 1500);

            // A third stream from the same address (the test's loopback) is refused with problem details.
            using (var third = await OpenAsync())
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
                Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
                Assert.Equal("relay_limited", JsonDocument.Parse(await third.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
                Assert.NotNull(third.Headers.RetryAfter);
            }

            Assert.Equal(2, limits.ActiveStreams);
            Assert.True(limits.Refused >= 1);

            // Closing a stream gives its slot back: a new one is admitted once the gateway has seen the close.
            second.Dispose();
            await Eventually(() => Task.FromResult(limits.ActiveStreams == 1), "the closed stream kept its slot");
            using var again = await OpenAsync();
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        finally
        {
            await ffmpeg.StopAsync();
        }
    }

    [Fact]
    public void TheLimits_CountPerAddress_AndInTotal_AndALeaseGivesItsSlotBackOnce()
    {
        var limits = new RelayStreamLimits(new IngestOptions { MaxRelayStreams = 3, MaxRelayStreamsPerAddress = 2 });
        var a = IPAddress.Parse("10.0.0.1");
        var b = IPAddress.Parse("10.0.0.2");

        Assert.Equal(ConnectionAdmission.Admitted, limits.TryAcquire(a, out var a1));
        // IPv4-mapped IPv6 is the same address (a dual-mode socket reports IPv4 peers that way).
        Assert.Equal(ConnectionAdmission.Admitted, limits.TryAcquire(a.MapToIPv6(), out var a2));
        Assert.Equal(ConnectionAdmission.AddressFull, limits.TryAcquire(a, out var refused));
        Assert.Null(refused);
        Assert.Equal(ConnectionAdmission.Admitted, limits.TryAcquire(b, out var b1));
        Assert.Equal(ConnectionAdmission.Full, limits.TryAcquire(IPAddress.Parse("10.0.0.3"), out _));
        Assert.Equal(3, limits.ActiveStreams);

        a1!.Dispose();
        a1.Dispose(); // twice gives back one slot, not two
        Assert.Equal(2, limits.ActiveStreams);
        Assert.Equal(ConnectionAdmission.Admitted, limits.TryAcquire(a, out var a3));
        Assert.Equal(ConnectionAdmission.Full, limits.TryAcquire(b, out _));
        Assert.Equal(3, limits.Refused);

        foreach (var lease in new[] { a2, a3, b1 }) lease!.Dispose();
        Assert.Equal(0, limits.ActiveStreams);
    }

    private static async Task Eventually(Func<Task<bool>> condition, string message)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message);
            await Task.Delay(100);
        }
    }
}
