using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.Media.Hls;

namespace Stagecast.Hls.Tests;

/// <summary>The HLS routes over real HTTP: blocking playlist reload (rfc8216bis 6.2.5.2), errors, headers.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class HlsHttpTests(HlsGatewayFixture fixture)
{
    [Fact]
    public async Task UnknownRoomOrResource_Is404ProblemDetails_WithOpenCors()
    {
        using var client = fixture.Host.CreateClient();
        foreach (var path in new[] { "/hls/no-such-room/index.m3u8", "/hls/no-such-room/replay/index.m3u8", "/hls/no-such-room/x/seg1.m4s", "/hls/no-such-room/whatever.txt" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("hls_not_found", problem.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task LiveRoom_BlockingReload_Parts_Errors_AndReplay()
    {
        var roomId = "http-" + Guid.NewGuid().ToString("N")[..8];
        var clip = TestMedia.Clip(640, 360, 12);
        var sink = fixture.Outputs.Open(roomId);
        using var stop = new CancellationTokenSource();
        var feeding = Task.Run(() => Feeder.FeedLiveAsync(sink, clip, stop.Token));
        using var client = fixture.Host.CreateClient();

        // The multivariant playlist waits for the first keyframe, then names the codecs.
        using var multivariant = await client.GetAsync($"/hls/{roomId}/index.m3u8");
        Assert.Equal(HttpStatusCode.OK, multivariant.StatusCode);
        Assert.Equal(HlsPlaylistWriter.ContentType, multivariant.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", multivariant.Headers.CacheControl?.ToString());
        var variant = await multivariant.Content.ReadAsStringAsync();
        Assert.Contains("CODECS=\"avc1.42c01e,opus\"", variant);
        Assert.Contains("RESOLUTION=640x360", variant);
        var mediaPath = $"/hls/{roomId}/" + variant.Split('\n').Single(l => l.EndsWith("live.m3u8", StringComparison.Ordinal));
        var sessionPath = mediaPath[..mediaPath.LastIndexOf('/')];

        var playlist = await client.GetStringAsync(mediaPath);
        Assert.Contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES", playlist);
        var (msn, part) = Hint(playlist);

        // Blocking reload: the answer is held until the hinted part exists, then lists it.
        using var blocked = await client.GetAsync($"{mediaPath}?_HLS_msn={msn}&_HLS_part={part}");
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        var after = await blocked.Content.ReadAsStringAsync();
        Assert.Contains($"URI=\"part{msn}.{part}.m4s\"", after);
        Assert.StartsWith("public, max-age=", blocked.Headers.CacheControl?.ToString());

        // A part request for the next hinted part is held until it exists too (EXT-X-PRELOAD-HINT).
        var (nextMsn, nextPart) = Hint(after);
        using var hinted = await client.GetAsync($"{sessionPath}/part{nextMsn}.{nextPart}.m4s");
        Assert.Equal(HttpStatusCode.OK, hinted.StatusCode);
        Assert.Equal("video/mp4", hinted.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", hinted.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("immutable", hinted.Headers.CacheControl?.ToString());
        Assert.Equal("moof", Encoding.ASCII.GetString((await hinted.Content.ReadAsByteArrayAsync()).AsSpan(4, 4)));

        // Waiting for a whole segment (no _HLS_part).
        using var segmentWait = await client.GetAsync($"{mediaPath}?_HLS_msn={nextMsn}");
        Assert.Contains($"seg{nextMsn}.m4s", await segmentWait.Content.ReadAsStringAsync());
        using var segment = await client.GetAsync($"{sessionPath}/seg{nextMsn}.m4s");
        Assert.Equal(HttpStatusCode.OK, segment.StatusCode);

        using var init = await client.GetAsync($"{sessionPath}/init1.mp4");
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        Assert.Equal("video/mp4", init.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", init.Headers.CacheControl?.ToString());

        // Impossible requests: far ahead, part beyond the Advance Part Limit, part without msn, not a number.
        foreach (var query in new[] { $"_HLS_msn={nextMsn + 10}", $"_HLS_msn={nextMsn}&_HLS_part=60", "_HLS_part=1", "_HLS_msn=abc", "_HLS_msn=-1" })
        {
            using var bad = await client.GetAsync($"{mediaPath}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("hls_request_invalid", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        }

        using var missing = await client.GetAsync($"{sessionPath}/seg999999.m4s");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // An old msn answers at once with the current playlist.
        using var old = await client.GetAsync($"{mediaPath}?_HLS_msn=0&_HLS_part=0");
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);

        await stop.CancelAsync();
        await feeding;
        sink.OnEnd();
        var ended = await client.GetStringAsync(mediaPath);
        Assert.Contains("#EXT-X-ENDLIST", ended);
        using var gone = await client.GetAsync($"/hls/{roomId}/index.m3u8");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        await fixture.Store.GetSession(roomId)!.RecordingCompleted;
        var replay = await client.GetStringAsync($"/hls/{roomId}/replay/index.m3u8");
        var vodPath = new Uri(new Uri(client.BaseAddress!, $"/hls/{roomId}/replay/index.m3u8"), replay.Split('\n').Single(l => l.EndsWith("vod.m3u8", StringComparison.Ordinal)));
        var vod = await client.GetStringAsync(vodPath);
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", vod);
        Assert.EndsWith("#EXT-X-ENDLIST\n", vod);
    }

    private static (long Msn, int Part) Hint(string playlist)
    {
        var match = PreloadHint().Match(playlist);
        Assert.True(match.Success, playlist);
        return (long.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
    }

    [GeneratedRegex("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part([0-9]+)\\.([0-9]+)\\.m4s\"")]
    private static partial Regex PreloadHint();
}
