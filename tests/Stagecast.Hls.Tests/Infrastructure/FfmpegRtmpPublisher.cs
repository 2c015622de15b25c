using System.Diagnostics;
using Xunit.Abstractions;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>
/// ffmpeg (Debian) publishing testsrc2 640x360 30 fps H.264 + a 440 Hz sine as AAC over RTMP, paced in real time, with
/// the given B-frame count and keyframe interval (frames); its messages go to the test output. Dispose kills it.
/// </summary>
public sealed class FfmpegRtmpPublisher : IDisposable
{
    private FfmpegRtmpPublisher(Process process) => Process = process;

    public Process Process { get; }

    public bool HasExited => Process.HasExited;

    public static FfmpegRtmpPublisher Start(string url, int seconds, int bFrames, int gop, ITestOutputHelper? output, bool zeroLatency = false)
    {
        var tune = zeroLatency ? "-tune zerolatency " : "";
        var process = Process.Start(new ProcessStartInfo("/usr/bin/ffmpeg",
            "-hide_banner -loglevel warning -re -f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 " +
            $"-t {seconds} -c:v libx264 -preset veryfast {tune}-bf {bFrames} -g {gop} -pix_fmt yuv420p -c:a aac -b:a 96k -f flv {url}")
        {
            RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("ffmpeg did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) output?.WriteLine($"[ffmpeg] {e.Data}");
        };
        process.BeginErrorReadLine();
        return new FfmpegRtmpPublisher(process);
    }

    /// <summary>Kills ffmpeg if it still runs and waits for its exit.</summary>
    public async Task StopAsync()
    {
        if (_disposed) return;
        if (!Process.HasExited) Process.Kill();
        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (_disposed) return;
        StopAsync().GetAwaiter().GetResult();
        _disposed = true;
        Process.Dispose();
    }

    private bool _disposed;
}
