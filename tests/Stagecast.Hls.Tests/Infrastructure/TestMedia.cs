using System.Diagnostics;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>H.264 and Opus made by Debian's ffmpeg once per test run, parsed the way an ingest would hand them over.</summary>
public sealed record TestClip(byte[] Sps, byte[] Pps, int Width, int Height, List<VideoFrame> Frames, int Channels, List<OpusPacket> Audio)
{
    public const int FrameTicks = 3000; // 30 fps at 90 kHz
}

public static class TestMedia
{
    private static readonly Dictionary<string, Lazy<TestClip>> Clips = [];
    private static readonly object Gate = new();

    public static string WorkDirectory { get; } = Directory.CreateTempSubdirectory("stagecast-hls-media-").FullName;

    /// <summary>testsrc at the given size, 30 fps, a keyframe every 2 s, with a 48 kHz stereo Opus sine.</summary>
    public static TestClip Clip(int width, int height, int seconds)
    {
        Lazy<TestClip> lazy;
        lock (Gate)
        {
            var key = $"{width}x{height}x{seconds}";
            if (!Clips.TryGetValue(key, out lazy!))
            {
                lazy = new Lazy<TestClip>(() => Make(width, height, seconds));
                Clips[key] = lazy;
            }
        }

        return lazy.Value;
    }

    private static TestClip Make(int width, int height, int seconds)
    {
        var video = Path.Combine(WorkDirectory, $"v{width}x{height}x{seconds}.h264");
        var audio = Path.Combine(WorkDirectory, $"a{width}x{height}x{seconds}.ogg");
        Run("ffmpeg", $"-hide_banner -loglevel error -y -f lavfi -i testsrc=size={width}x{height}:rate=30 -t {seconds} -c:v libx264 -preset ultrafast -profile:v baseline -g 60 -keyint_min 60 -sc_threshold 0 -pix_fmt yuv420p -bsf:v h264_mp4toannexb -f h264 {video}");
        Run("ffmpeg", $"-hide_banner -loglevel error -y -f lavfi -i sine=frequency=440:sample_rate=48000 -t {seconds} -ac 2 -c:a libopus -b:a 64k {audio}");

        var (sps, pps, frames) = AnnexB.Parse(File.ReadAllBytes(video));
        var (channels, packets) = OggOpus.Parse(File.ReadAllBytes(audio));
        return new TestClip(sps, pps, width, height, frames, channels, packets);
    }

    public static string Run(string tool, string arguments, int timeoutSeconds = 120)
    {
        var info = new ProcessStartInfo($"/usr/bin/{tool}", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {arguments} did not finish in {timeoutSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {arguments} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }
}
