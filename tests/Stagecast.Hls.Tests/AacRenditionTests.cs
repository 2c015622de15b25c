using System.Text;
using System.Text.Json;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.Media.Hls;

namespace Stagecast.Hls.Tests;

/// <summary>The optional video+AAC variant (Hls:AacRendition), made by ffmpeg from the Opus track.</summary>
public sealed class AacRenditionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stagecast-hls-aac-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AacVariant_IsListedSecond_AndProbesAsH264PlusAac()
    {
        var store = new HlsRoomStore(new HlsOptions { RecordingDirectory = _directory, AacRendition = true, WindowSegments = 100 });
        var session = store.OpenSession("aac-room");

        // In real time, as a publisher sends: ffmpeg's AAC then interleaves with the video as it would live.
        using var stop = new CancellationTokenSource();
        var feeding = Task.Run(() => Feeder.FeedLiveAsync(session, TestMedia.Clip(640, 360, 12), stop.Token));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (session.AacVariant is not { } variant || variant.Snapshot.LastCompleteMsn < 2)
        {
            await Task.Delay(100, guard.Token);
        }

        await stop.CancelAsync();
        await feeding;
        session.OnEnd();
        await session.AacVariantCompleted.WaitAsync(guard.Token);

        var aac = session.AacVariant!;
        Assert.Equal(session.SessionId + "-aac", aac.SessionId);
        var multivariant = Encoding.UTF8.GetString(session.TryGetMultivariant($"{session.SessionId}/live.m3u8")!);
        var streams = multivariant.Split('\n').Where(l => l.StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, streams.Length);
        Assert.Contains("CODECS=\"avc1.42c01e,opus\"", streams[0]);
        Assert.Contains("CODECS=\"avc1.42c01e,mp4a.40.2\"", streams[1]);
        Assert.Contains($"{aac.SessionId}/live.m3u8", multivariant);

        var served = await store.GetAsync("aac-room", $"{aac.SessionId}/seg1.m4s", null, null, default);
        Assert.Equal(HlsStatus.Ok, served.Status);
        Assert.True(aac.TryGetResource("init1.mp4", out var init));
        var path = Path.Combine(_directory, "aac.mp4");
        await File.WriteAllBytesAsync(path, [.. init, .. served.Body.ToArray()]);
        var probe = JsonDocument.Parse(TestMedia.Run("ffprobe", $"-v error -show_streams -of json \"{path}\"")).RootElement;
        var codecs = probe.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("codec_name").GetString()!).Order().ToArray();
        Assert.Equal(["aac", "h264"], codecs);
        // How much audio a single segment holds depends on how late the live transcoder's output landed; the
        // whole rendition does not: the AAC audio covers the video from start to end (within a part's worth).
        var whole = new List<byte>(init);
        for (var n = aac.Snapshot.FirstMsn; n <= aac.Snapshot.LastCompleteMsn; n++)
        {
            Assert.True(aac.TryGetResource($"seg{n}.m4s", out var segment), $"seg{n}.m4s");
            whole.AddRange(segment);
        }
        var wholePath = Path.Combine(_directory, "aac-whole.mp4");
        await File.WriteAllBytesAsync(wholePath, whole.ToArray());
        double Duration(string stream)
        {
            var times = TestMedia.Run("ffprobe", $"-v error -select_streams {stream}:0 -show_entries packet=pts_time -of csv=p=0 \"{wholePath}\"")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => double.Parse(t.TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return times.Max() - times.Min();
        }
        var (audio, video) = (Duration("a"), Duration("v"));
        Assert.True(video > 2, $"video {video} s");
        Assert.True(Math.Abs(audio - video) < 0.5, $"audio {audio} s against video {video} s");

        // The replay lists only the recorded (Opus) variant.
        await session.RecordingCompleted;
        var replay = File.ReadAllText(Path.Combine(session.RecordingDirectory!, "replay.m3u8"));
        Assert.DoesNotContain("mp4a", replay);
    }
}
