using System.Text;
using System.Text.Json;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.Media.Hls;

namespace Stagecast.Hls.Tests;

/// <summary>ffmpeg-made H.264 and Opus through the packager, checked by Debian's ffprobe.</summary>
public sealed class FfprobeAcceptanceTests : IDisposable
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("stagecast-hls-probe-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private HlsRoomStore Store() => new(new HlsOptions { RecordingDirectory = _directory, WindowSegments = 100 });

    private string Save(string name, params byte[][] parts)
    {
        var path = Path.Combine(_directory, name);
        using var file = File.Create(path);
        foreach (var part in parts) file.Write(part);
        return path;
    }

    private static JsonElement Probe(string path, string extra = "")
    {
        var json = TestMedia.Run("ffprobe", $"-v error {extra} -show_streams -show_format -of json \"{path}\"");
        return JsonDocument.Parse(json).RootElement;
    }

    private static JsonElement Stream(JsonElement probe, string type) =>
        probe.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == type);

    private static double Seconds(JsonElement element, string name) =>
        double.Parse(element.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task InitPlusSegment_ProbesAsH264AndOpus_AndSegmentsAreNearTwoSeconds()
    {
        var clip = TestMedia.Clip(640, 360, 9);
        var store = Store();
        var session = store.OpenSession("probe-room");
        Feeder.FeedAll(session, clip, Origin);

        Assert.True(session.TryGetResource("init1.mp4", out var init));
        Assert.True(session.TryGetResource("seg0.m4s", out var seg0));
        Assert.True(session.TryGetResource("seg1.m4s", out var seg1));
        var probe = Probe(Save("seg0.mp4", init, seg0));
        var video = Stream(probe, "video");
        Assert.Equal("h264", video.GetProperty("codec_name").GetString());
        Assert.Equal(640, video.GetProperty("width").GetInt32());
        Assert.Equal(360, video.GetProperty("height").GetInt32());
        Assert.Equal("Constrained Baseline", video.GetProperty("profile").GetString());
        var audio = Stream(probe, "audio");
        Assert.Equal("opus", audio.GetProperty("codec_name").GetString());
        Assert.Equal(2, audio.GetProperty("channels").GetInt32());
        Assert.Equal(2.0, Seconds(probe.GetProperty("format"), "duration"), 0.1);

        // Frames must also decode, not only parse.
        var frames = TestMedia.Run("ffprobe", $"-v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 \"{Save("seg1.mp4", init, seg1)}\"");
        Assert.Equal("60", frames.Trim());

        var lines = Encoding.UTF8.GetString(session.Snapshot.Playlist).Split('\n');
        var durations = lines.Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Select(l => double.Parse(l[8..^1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(4, durations.Length);
        Assert.All(durations, d => Assert.Equal(2.0, d, 0.05));

        // The live playlist as ffmpeg's HLS demuxer reads it, from files on disk.
        session.OnEnd();
        await session.RecordingCompleted;
        var playlist = Probe(Path.Combine(session.RecordingDirectory!, "vod.m3u8"));
        Assert.Equal(9.0, Seconds(playlist.GetProperty("format"), "duration"), 0.2);
        Assert.Equal("h264", Stream(playlist, "video").GetProperty("codec_name").GetString());
        Assert.Equal("opus", Stream(playlist, "audio").GetProperty("codec_name").GetString());
    }

    [Fact]
    public async Task ResolutionChange_WritesNewInit_AndDiscontinuity_AndBothHalvesProbe()
    {
        var first = TestMedia.Clip(640, 360, 4);
        var second = TestMedia.Clip(320, 240, 4);
        var store = Store();
        var session = store.OpenSession("switch-room");
        Feeder.FeedAll(session, first, Origin);
        session.OnTrackConfig(Feeder.VideoConfig(second));
        Feeder.FeedAll(session, second, Origin, startSeconds: 4, configs: false);
        session.OnEnd();

        var lines = Encoding.UTF8.GetString(session.Snapshot.Playlist).Split('\n').ToList();
        var discontinuity = lines.IndexOf("#EXT-X-DISCONTINUITY");
        Assert.True(discontinuity > 0);
        Assert.Equal("#EXT-X-MAP:URI=\"init2.mp4\"", lines[discontinuity + 1]);
        Assert.Single(lines, "#EXT-X-DISCONTINUITY");
        var firstAfter = lines.Skip(discontinuity).First(l => l.StartsWith("seg", StringComparison.Ordinal));
        Assert.Equal("seg2.m4s", firstAfter);

        Assert.True(session.TryGetResource("init1.mp4", out var init1));
        Assert.True(session.TryGetResource("init2.mp4", out var init2));
        Assert.True(session.TryGetResource("seg1.m4s", out var seg1));
        Assert.True(session.TryGetResource("seg2.m4s", out var seg2));
        var before = Stream(Probe(Save("before.mp4", init1, seg1)), "video");
        var after = Stream(Probe(Save("after.mp4", init2, seg2)), "video");
        Assert.Equal((640, 360), (before.GetProperty("width").GetInt32(), before.GetProperty("height").GetInt32()));
        Assert.Equal((320, 240), (after.GetProperty("width").GetInt32(), after.GetProperty("height").GetInt32()));
        var decoded = TestMedia.Run("ffprobe", $"-v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 \"{Save("after2.mp4", init2, seg2)}\"");
        Assert.Equal("60", decoded.Trim());

        await session.RecordingCompleted;
        var vod = File.ReadAllText(Path.Combine(session.RecordingDirectory!, "vod.m3u8"));
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", vod);
        Assert.Contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init2.mp4\"", vod);
        Assert.EndsWith("#EXT-X-ENDLIST\n", vod);
        Assert.True(File.Exists(Path.Combine(session.RecordingDirectory!, "init2.mp4")));
    }

    [Fact]
    public async Task Replay_IsServedFromTheRecording_AfterTheSessionLeavesMemory()
    {
        var clip = TestMedia.Clip(640, 360, 9);
        var options = new HlsOptions { RecordingDirectory = _directory, EndedSessionRetentionSeconds = 0 };
        var store = new HlsRoomStore(options);
        var session = store.OpenSession("replay-room");
        Feeder.FeedAll(session, clip, Origin);
        Assert.Equal(HlsStatus.NotFound, (await store.GetAsync("replay-room", "replay/index.m3u8", null, null, default)).Status);
        session.OnEnd();
        await session.RecordingCompleted;
        while (store.GetSession("replay-room") is not null) await Task.Delay(20);

        var replay = await store.GetAsync("replay-room", "replay/index.m3u8", null, null, default);
        Assert.Equal(HlsStatus.Ok, replay.Status);
        var text = Encoding.UTF8.GetString(replay.Body.Span);
        Assert.Contains("CODECS=\"avc1.42c01e,opus\"", text);
        Assert.Contains("RESOLUTION=640x360", text);
        Assert.Contains($"../{session.SessionId}/vod.m3u8", text);

        var vod = await store.GetAsync("replay-room", $"{session.SessionId}/vod.m3u8", null, null, default);
        Assert.Contains("#EXT-X-ENDLIST", Encoding.UTF8.GetString(vod.Body.Span));
        var segment = await store.GetAsync("replay-room", $"{session.SessionId}/seg0.m4s", null, null, default);
        Assert.Equal(HlsStatus.Ok, segment.Status);
        Assert.Equal(HlsResponse.Immutable, segment.CacheControl);
        Assert.Equal(HlsStatus.NotFound, (await store.GetAsync("replay-room", "../../etc/passwd", null, null, default)).Status);
        Assert.Equal(HlsStatus.NotFound, (await store.GetAsync("replay-room", $"{session.SessionId}/../x.m4s", null, null, default)).Status);
    }
}
