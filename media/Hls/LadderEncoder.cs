using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace Stagecast.Media.Hls;

/// <summary>
/// One ffmpeg process of a ladder rendition: its bounded stdin queue of Annex-B pictures, the times of the pictures
/// it has been given and not yet returned (one in, one out, in order), and the tail of its stderr for the log.
/// </summary>
internal sealed class LadderEncoder(Process process, int inputQueueFrames)
{
    private readonly ConcurrentQueue<string> _stderr = new();

    public Process Process { get; } = process;

    /// <summary>
    /// ffmpeg reading Annex-B H.264 on stdin and writing the scaled libx264 rung as Annex-B with access unit
    /// delimiters on stdout, keyframes exactly where the source has them.
    /// </summary>
    public static ProcessStartInfo StartInfo(string ffmpegPath, string preset, int height, int kbps)
    {
        string[] arguments =
        [
            "-hide_banner", "-nostats", "-loglevel", "error",
            // Decode as soon as a picture arrives (no probing, no frame threads). Raw H.264 has no timestamps: the
            // encoder's rate control assumes 30 fps (ours come back from the input queue). "-fflags nobuffer
            // -flags low_delay" lost whole GOPs of piped input with ffmpeg 5.1, and arrival-time timestamps
            // (-use_wallclock_as_timestamps) made the raw muxer drop pictures with equal timestamps.
            "-probesize", "32", "-analyzeduration", "0", "-threads", "1",
            "-framerate", "30", "-f", "h264", "-i", "pipe:0",
            "-an", "-fps_mode", "passthrough", "-vf", $"scale=-2:{height}",
            "-c:v", "libx264", "-preset", preset, "-tune", "zerolatency", "-profile:v", "main", "-pix_fmt", "yuv420p",
            "-b:v", $"{kbps}k", "-maxrate", $"{kbps}k", "-bufsize", $"{kbps}k",
            // Keyframes exactly where the source has them, and nowhere else.
            "-force_key_frames", "source", "-x264-params", "keyint=infinite:scenecut=0:aud=1",
            "-flush_packets", "1", "-f", "h264", "pipe:1",
        ];
        var info = new ProcessStartInfo(ffmpegPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return info;
    }

    public Channel<byte[]> Input { get; } = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(inputQueueFrames) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    public ConcurrentQueue<LadderPicture> Pending { get; } = new();

    public bool Dropping { get; set; }

    public bool Retiring { get; set; }

    public string StderrTail => string.Join(" | ", _stderr);

    public void OnStderr(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        _stderr.Enqueue(line);
        while (_stderr.Count > 5) _stderr.TryDequeue(out _);
    }

    public void Kill()
    {
        try
        {
            Input.Writer.TryComplete();
            Process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }
}
