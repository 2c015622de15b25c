using System.Net;
using System.Text.Json;
using Stagecast.Hls.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests;

/// <summary>
/// Everything real: a room opened over the API, headless Chromium publishing its fake camera over WHIP
/// (tests/e2e-ingest/publish.mjs), the gateway's ingest feeding the HLS packager, and a second Chromium
/// playing the room's hlsUrl with hls.js, then the replay.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class FullStackTests(HlsGatewayFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task WhipPublisher_IsPlayedLiveByHlsJs_ThenAsReplay()
    {
        var room = await fixture.Host.OpenRoomAsync("hls full stack", start: false);
        using var client = fixture.Host.CreateClient(room.HostToken);
        var roomId = room.RoomId;
        var hlsUrl = new Uri(room.HlsUrl);

        var config = JsonSerializer.Serialize(new
        {
            baseUrl = fixture.Host.BaseAddress.ToString(),
            room = roomId,
            key = room.StreamKey,
            seconds = 25,
            scenario = "delete",
        });
        var publisher = NodeScript.RunAsync("e2e-ingest", ["publish.mjs", config], TimeSpan.FromSeconds(120), output);

        // The room's playlist exists once the publisher's first keyframe is packaged.
        using (var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (true)
            {
                Assert.False(publisher.IsCompleted, "the publisher ended before the room went live");
                using var response = await client.GetAsync(hlsUrl, guard.Token);
                if (response.StatusCode == HttpStatusCode.OK) break;
                await Task.Delay(250, guard.Token);
            }
        }

        var live = await NodeScript.PlayAsync(hlsUrl, seconds: 5, output);
        Assert.True(live.GetProperty("ok").GetBoolean(), live.ToString());
        Assert.True(live.GetProperty("live").GetBoolean());
        var latencies = live.GetProperty("latenciesMs").EnumerateArray().Select(e => e.GetDouble()).Order().ToArray();
        if (latencies.Length > 0)
        {
            output.WriteLine($"WHIP to hls.js latency (PDT) p50={latencies[latencies.Length / 2]:0} ms p95={latencies[(int)(latencies.Length * 0.95)]:0} ms max={latencies[^1]:0} ms over {latencies.Length} samples");
        }

        var published = await publisher;
        Assert.Equal(201, published.GetProperty("status").GetInt32());
        Assert.Equal(200, published.GetProperty("deleteStatus").GetInt32());

        var session = fixture.Store.GetSession(roomId)!;
        await session.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        await session.RecordingCompleted.WaitAsync(TimeSpan.FromSeconds(30));
        var replay = await NodeScript.PlayAsync(new Uri(fixture.Host.BaseAddress, $"/hls/{roomId}/replay/index.m3u8"), seconds: 3, output);
        Assert.True(replay.GetProperty("ok").GetBoolean(), replay.ToString());
    }
}
