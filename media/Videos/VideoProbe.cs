using System.Globalization;
using System.Text.Json;

namespace Stagecast.Media.Videos;

/// <summary>Sniffs a file with ffprobe: the container, duration and first video/audio streams.</summary>
public sealed class VideoProbe(VideoOptions options)
{
    // Still images and raw pipes probe as "video" too; they are not videos we accept.
    private static readonly string[] StillFormats = ["image2", "png_pipe", "jpeg_pipe", "webp_pipe", "gif", "tty", "bmp_pipe", "svg_pipe"];

    public async Task<VideoProbeResult> ProbeAsync(string path, CancellationToken ct)
    {
        var outcome = await ToolProcess.RunAsync(options.FfprobePath,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path], null, lowPriority: false, ct);
        if (outcome.ExitCode != 0)
        {
            return VideoProbeResult.NotMedia;
        }
        using var json = JsonDocument.Parse(outcome.Stdout);
        if (!json.RootElement.TryGetProperty("format", out var format))
        {
            return VideoProbeResult.NotMedia;
        }
        var name = format.TryGetProperty("format_name", out var n) ? n.GetString() : null;
        if (name is null || StillFormats.Contains(name))
        {
            return VideoProbeResult.NotMedia;
        }
        var duration = format.TryGetProperty("duration", out var d) && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Zero;
        int width = 0, height = 0;
        bool hasVideo = false, hasAudio = false;
        if (json.RootElement.TryGetProperty("streams", out var streams))
        {
            foreach (var s in streams.EnumerateArray())
            {
                var type = s.TryGetProperty("codec_type", out var t) ? t.GetString() : null;
                var attached = s.TryGetProperty("disposition", out var disp) && disp.TryGetProperty("attached_pic", out var pic) && pic.GetInt32() == 1;
                if (type == "video" && !hasVideo && !attached)
                {
                    hasVideo = true;
                    width = s.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
                    height = s.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
                }
                else if (type == "audio")
                {
                    hasAudio = true;
                }
            }
        }
        return new VideoProbeResult(name, duration, width, height, hasVideo && width > 0 && height > 0, hasAudio);
    }
}
