using System.Diagnostics;

namespace Stagecast.Videos.Tests;

/// <summary>Small real videos made by ffmpeg (test pattern + tone), cached per size for the test run.</summary>
public static class SampleMedia
{
    private static readonly Dictionary<string, Task<string>> Made = [];

    public static Task<string> VideoAsync(int width, int height, double seconds = 2)
    {
        lock (Made)
        {
            var key = $"{width}x{height}x{seconds}";
            if (!Made.TryGetValue(key, out var task))
            {
                Made[key] = task = MakeAsync(width, height, seconds);
            }
            return task;
        }
    }

    private static async Task<string> MakeAsync(int width, int height, double seconds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stagecast-sample-{width}x{height}-{Guid.NewGuid():N}.mp4");
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[]
        {
            "-y", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path,
        })
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, "ffmpeg could not make the sample video: " + err);
        return path;
    }

    /// <summary>Runs ffprobe on a URL or file and returns its JSON (streams and format).</summary>
    public static async Task<System.Text.Json.JsonElement> ProbeAsync(string target)
    {
        var info = new ProcessStartInfo("ffprobe") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "error", "-print_format", "json", "-show_format", "-show_streams", target })
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"ffprobe failed on {target}: {err}");
        return System.Text.Json.JsonDocument.Parse(await output).RootElement;
    }
}
