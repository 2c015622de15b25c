using System.Net;
using System.Text.RegularExpressions;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.TestInfrastructure;

namespace Stagecast.Hls.Tests;

/// <summary>A second gateway serves a room that the first one packages (docs/hls.md, "Multiple gateways").</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class HlsProxyTests(HlsGatewayFixture fixture)
{
    [Fact]
    public async Task AnotherGateway_ProxiesLivePlaylistsPartsAndReplay_FromTheOrigin()
    {
        using var recordings = new TempDirectory("stagecast-hls-edge");
        // The edge reaches the origin through a counting proxy, so the test sees every upstream request.
        await using var upstream = await CountingProxy.StartAsync(fixture.Host.BaseAddress);
        await using var edge = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Hls:OriginUrl"] = upstream.BaseAddress.ToString(),
            ["Hls:RecordingDirectory"] = recordings.Path,
        });
        var roomId = "proxy-" + Guid.NewGuid().ToString("N")[..8];
        var clip = TestMedia.Clip(640, 360, 12);
        var sink = fixture.Outputs.Open(roomId);
        using var stop = new CancellationTokenSource();
        var feeding = Task.Run(() => Feeder.FeedLiveAsync(sink, clip, stop.Token));
        using var client = edge.CreateClient();

        var variant = await client.GetStringAsync($"/hls/{roomId}/index.m3u8");
        Assert.Contains("CODECS=\"avc1.42c01e,opus\"", variant);
        var mediaPath = $"/hls/{roomId}/" + variant.Split('\n').Single(l => l.EndsWith("live.m3u8", StringComparison.Ordinal));
        var sessionPath = mediaPath[..mediaPath.LastIndexOf('/')];
        var playlist = await client.GetStringAsync(mediaPath);
        var hint = PreloadHint().Match(playlist);
        Assert.True(hint.Success, playlist);
        var (msn, part) = (hint.Groups[1].Value, hint.Groups[2].Value);

        // Several viewers block on the same part through the edge: the proxy shares one upstream request.
        // They ask for the first part of the next segment, so all four are waiting long before it exists.
        var next = long.Parse(msn, System.Globalization.CultureInfo.InvariantCulture) + 1;
        var blockingQuery = $"{mediaPath}?_HLS_msn={next}&_HLS_part=0";
        var blocked = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetStringAsync(blockingQuery)));
        Assert.All(blocked, b => Assert.Contains($"URI=\"part{next}.0.m4s\"", b));
        Assert.Equal(1, upstream.Count(blockingQuery));
        (msn, part) = (next.ToString(System.Globalization.CultureInfo.InvariantCulture), "0");

        using var partResponse = await client.GetAsync($"{sessionPath}/part{msn}.{part}.m4s");
        Assert.Equal(HttpStatusCode.OK, partResponse.StatusCode);
        // An immutable part is fetched from the origin once, then served from the edge's cache.
        using var again = await client.GetAsync($"{sessionPath}/part{msn}.{part}.m4s");
        Assert.Equal(await partResponse.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, upstream.Count($"{sessionPath}/part{msn}.{part}.m4s"));
        Assert.Equal("video/mp4", partResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", partResponse.Headers.CacheControl?.ToString());
        using var init = await client.GetAsync($"{sessionPath}/init1.mp4");
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);

        using var bad = await client.GetAsync($"{mediaPath}?_HLS_msn=999999");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var unknown = await client.GetAsync($"/hls/not-live-{roomId}/index.m3u8");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await stop.CancelAsync();
        await feeding;
        sink.OnEnd();
        await fixture.Store.GetSession(roomId)!.RecordingCompleted;
        var replay = await client.GetStringAsync($"/hls/{roomId}/replay/index.m3u8");
        Assert.Contains("vod.m3u8", replay);
        var vod = await client.GetStringAsync($"{sessionPath}/vod.m3u8");
        Assert.Contains("#EXT-X-ENDLIST", vod);
    }

    [GeneratedRegex("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part([0-9]+)\\.([0-9]+)\\.m4s\"")]
    private static partial Regex PreloadHint();
}
