using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.Media.Hls;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests;

/// <summary>
/// The optional ABR ladder (Hls:Ladder): ffmpeg/libx264 renditions of the source H.264, each packaged by our
/// own packager, served by a real gateway, probed by ffprobe and played by hls.js in Chromium.
/// </summary>
public sealed partial class LadderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory _recordings = new("stagecast-hls-ladder");
    private GatewayHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Hls:RecordingDirectory"] = _recordings.Path,
            ["Hls:Ladder:0:Height"] = "240",
            ["Hls:Ladder:0:VideoKbps"] = "400",
            ["Hls:Ladder:1:Height"] = "180",
            ["Hls:Ladder:1:VideoKbps"] = "200",
            ["Hls:LadderPreset"] = "ultrafast",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _recordings.Dispose();
    }

    [Fact]
    public async Task Ladder_IsListed_Probes_LinesUp_IsPlayedByHlsJs_AndStopsWithTheRoom()
    {
        var store = (HlsRoomStore)_host.Services.GetService(typeof(HlsRoomStore))!;
        var roomId = "ladder-" + Guid.NewGuid().ToString("N")[..8];
        var session = store.OpenSession(roomId);
        using var stop = new CancellationTokenSource();
        var feeding = Task.Run(() => Feeder.FeedLiveAsync(session, TestMedia.Clip(640, 360, 12), stop.Token));
        using var http = new HttpClient { BaseAddress = new Uri(_host.BaseAddress, $"/hls/{roomId}/") };

        // The multivariant playlist lists the source and both renditions (it waits for their first pictures).
        var multivariant = await http.GetStringAsync("index.m3u8");
        output.WriteLine(multivariant);
        var streams = StreamInf().Matches(multivariant).Select(m => (Attributes: m.Groups["attrs"].Value, Uri: m.Groups["uri"].Value)).ToArray();
        Assert.Equal(3, streams.Length);
        Assert.Contains("RESOLUTION=640x360", streams[0].Attributes);
        Assert.Contains("RESOLUTION=426x240", streams[1].Attributes);
        Assert.Contains("RESOLUTION=320x180", streams[2].Attributes);
        var renditions = session.LadderVariants;
        Assert.Equal([$"{session.SessionId}-240p", $"{session.SessionId}-180p"], renditions.Select(r => r.SessionId));
        for (var i = 1; i < 3; i++)
        {
            Assert.Equal($"{renditions[i - 1].SessionId}/live.m3u8", streams[i].Uri);
            Assert.Matches("CODECS=\"avc1\\.[0-9a-f]{6},opus\"", streams[i].Attributes);
        }

        // Two complete segments in every rendition.
        using (var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (renditions.Any(r => r.Snapshot.LastCompleteMsn < 2)) await Task.Delay(200, guard.Token);
        }

        var source = await http.GetStringAsync($"{session.SessionId}/live.m3u8");
        var (width, height) = (426, 240);
        foreach (var rendition in renditions)
        {
            // ffprobe reads the rendition's init + segment 1: h264 at the rung's size, Opus audio.
            var init = await http.GetByteArrayAsync($"{rendition.SessionId}/init1.mp4");
            var segment = await http.GetByteArrayAsync($"{rendition.SessionId}/seg1.m4s");
            var path = Path.Combine(_recordings.Path, rendition.SessionId + ".mp4");
            await File.WriteAllBytesAsync(path, [.. init, .. segment]);
            var probe = JsonDocument.Parse(TestMedia.Run("ffprobe", $"-v error -count_frames -show_streams -of json \"{path}\"")).RootElement;
            var video = probe.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == "video");
            Assert.Equal("h264", video.GetProperty("codec_name").GetString());
            Assert.Equal(width, video.GetProperty("width").GetInt32());
            Assert.Equal(height, video.GetProperty("height").GetInt32());
            Assert.InRange(int.Parse(video.GetProperty("nb_read_frames").GetString()!, CultureInfo.InvariantCulture), 55, 65);
            Assert.Contains(probe.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_name").GetString() == "opus");

            // Segments line up with the source's: same numbers, same start times, same durations.
            var playlist = await http.GetStringAsync($"{rendition.SessionId}/live.m3u8");
            foreach (var msn in new[] { 0, 1 })
            {
                Assert.Equal(SegmentInfo(source, msn), SegmentInfo(playlist, msn));
            }

            (width, height) = (320, 180);
        }

        // hls.js in Chromium plays the 240p rendition of the live room.
        var played = await NodeScript.PlayAsync(new Uri(http.BaseAddress!, "index.m3u8"), seconds: 4, output, height: 240);
        Assert.True(played.GetProperty("ok").GetBoolean(), played.ToString());
        Assert.Equal(3, played.GetProperty("levels").GetArrayLength());
        Assert.Equal(240, played.GetProperty("videoHeight").GetInt32());

        // The room ends: every ffmpeg is stopped and the renditions end.
        var pids = session.LadderProcessIds.SelectMany(p => p).ToArray();
        Assert.Equal(2, pids.Length);
        await stop.CancelAsync();
        await feeding;
        session.OnEnd();
        await session.LadderCompleted.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(renditions, r => Assert.True(r.Snapshot.Ended));
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"ffmpeg {pid} still runs"));
    }

    [Fact]
    public async Task CrashedFfmpeg_IsRestarted_AndTheRenditionGoesOn()
    {
        var options = new HlsOptions { RecordingEnabled = false, LadderPreset = "ultrafast", Ladder = [new HlsLadderRung { Height = 180, VideoKbps = 200 }] };
        var session = new HlsRoomStore(options).OpenSession("crash");
        using var stop = new CancellationTokenSource();
        var feeding = Task.Run(() => Feeder.FeedLiveAsync(session, TestMedia.Clip(640, 360, 12), stop.Token));
        var rendition = session.LadderVariants.Single();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (rendition.Snapshot.LastCompleteMsn < 1) await Task.Delay(100, guard.Token);

        var first = session.LadderProcessIds[0].Single();
        Process.GetProcessById(first).Kill();
        var before = rendition.Snapshot.LastCompleteMsn;

        // A new ffmpeg from the next source keyframe, and the rendition's playlist keeps growing.
        while (session.LadderProcessIds[0].Count < 2 || rendition.Snapshot.LastCompleteMsn < before + 2) await Task.Delay(100, guard.Token);
        Assert.False(rendition.Snapshot.Ended);
        var second = session.LadderProcessIds[0].Last();
        Assert.NotEqual(first, second);

        await stop.CancelAsync();
        await feeding;
        session.OnEnd();
        await session.LadderCompleted.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(IsRunning(second));
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The PROGRAM-DATE-TIME and EXTINF of segment <paramref name="msn"/> in a media playlist.</summary>
    private static string SegmentInfo(string playlist, int msn)
    {
        var lines = playlist.Split('\n');
        var uri = Array.IndexOf(lines, $"seg{msn}.m4s");
        Assert.True(uri > 0, $"seg{msn}.m4s not in\n{playlist}");
        var extinf = lines[uri - 1];
        var pdt = lines.Take(uri).Last(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME", StringComparison.Ordinal));
        return pdt + " " + extinf;
    }

    [GeneratedRegex("#EXT-X-STREAM-INF:(?<attrs>[^\\n]*)\\n(?<uri>[^\\n]+)")]
    private static partial Regex StreamInf();
}
