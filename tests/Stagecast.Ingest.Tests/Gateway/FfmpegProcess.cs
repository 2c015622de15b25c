using System.Diagnostics;
using System.Text;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>An ffmpeg/ffprobe child process whose stderr is collected; killed on dispose if still running.</summary>
internal sealed class FfmpegProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task<string> _stdout;

    private FfmpegProcess(string exe, string args)
    {
        _process = Process.Start(new ProcessStartInfo(exe, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        })!;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
        _stdout = _process.StandardOutput.ReadToEndAsync();
    }

    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>testsrc2 + sine, H.264 with x264's default B-frames (3) and AAC, published over RTMP as FLV.</summary>
    public static FfmpegProcess Publish(string url, int seconds) => new("/usr/bin/ffmpeg",
        $"-hide_banner -loglevel warning -re -f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 " +
        $"-t {seconds} -c:v libx264 -preset veryfast -bf 3 -g 60 -pix_fmt yuv420p -c:a aac -b:a 96k -f flv {url}");

    public static FfmpegProcess Start(string exe, string args) => new(exe, args);

    /// <summary>Waits for the exit; returns the exit code.</summary>
    public async Task<int> WaitAsync(TimeSpan guard)
    {
        await _process.WaitForExitAsync().WaitAsync(guard);
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    public async Task<string> OutputAsync(TimeSpan guard)
    {
        var code = await WaitAsync(guard);
        var stdout = await _stdout;
        if (code != 0) throw new InvalidOperationException($"exit {code}: {Stderr}");
        return stdout;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
