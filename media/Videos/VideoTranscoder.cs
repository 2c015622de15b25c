using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Stagecast.Media.Videos;

/// <summary>
/// Turns a stored upload into H.264/AAC HLS renditions (the ladder, fewer when the source is smaller), a
/// thumbnail and a multivariant playlist, with at most <see cref="VideoOptions.MaxConcurrentJobs"/> ffmpeg jobs at once.
/// </summary>
public sealed class VideoTranscoder(VideoOptions options, IVideoStorage storage, ILogger<VideoTranscoder> logger)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.MaxConcurrentJobs));

    /// <summary>Runs the job; returns the rendition heights. Progress is 0..100 and only reported once a slot is held.</summary>
    public async Task<IReadOnlyList<int>> RunAsync(TranscodeJob job, IProgress<int> progress, CancellationToken ct)
    {
        var queuedAt = VideoMetrics.EnteredQueue();
        var gotSlot = false;
        try
        {
            await _slots.WaitAsync(ct);
            gotSlot = true;
        }
        finally
        {
            queuedAt = VideoMetrics.LeftQueue(queuedAt, gotSlot);
        }
        var done = false;
        var work = Path.Combine(Path.GetTempPath(), $"stagecast-transcode-{job.VideoId}-{Guid.NewGuid():N}");
        try
        {
            var output = Path.Combine(work, "out");
            Directory.CreateDirectory(output);
            var source = Path.Combine(work, "source");
            await storage.GetFileAsync(VideoKeys.Source(job.VideoId), source, ct);
            var rungs = Ladder(job);
            for (var i = 0; i < rungs.Count; i++)
            {
                var index = i;
                await EncodeRungAsync(job, source, output, rungs[i], frac => progress.Report((int)(95 * (index + frac) / rungs.Count)), ct);
            }
            await ThumbnailAsync(job, source, output, ct);
            await File.WriteAllTextAsync(Path.Combine(output, "hls", "index.m3u8"), Multivariant(job, rungs), ct);
            foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
            {
                // A delete cancels the job: stop before writing files the delete has already swept.
                ct.ThrowIfCancellationRequested();
                var key = VideoKeys.Prefix(job.VideoId) + Path.GetRelativePath(output, file).Replace(Path.DirectorySeparatorChar, '/');
                await storage.PutFileAsync(key, file, move: true, ct);
            }
            progress.Report(100);
            logger.LogInformation("Video {VideoId} processed into {Rungs} renditions", job.VideoId, rungs.Count);
            done = true;
            return rungs;
        }
        finally
        {
            VideoMetrics.Ended(queuedAt, done ? "ready" : ct.IsCancellationRequested ? "canceled" : "failed");
            _slots.Release();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The ladder rungs (short-side heights) this source gets: every rung it can fill, or its own size.</summary>
    public IReadOnlyList<int> Ladder(TranscodeJob job)
    {
        var shortSide = Math.Min(job.Width, job.Height);
        var rungs = options.Ladder.Where(h => h <= shortSide).OrderByDescending(h => h).ToList();
        return rungs.Count > 0 ? rungs : [Math.Max(2, shortSide & ~1)];
    }

    private async Task EncodeRungAsync(TranscodeJob job, string source, string output, int rung, Action<double> onFraction, CancellationToken ct)
    {
        var dir = Path.Combine(output, "hls", $"{rung}p");
        Directory.CreateDirectory(dir);
        var kbps = rung >= 720 ? 2500 : rung >= 480 ? 1200 : 800;
        List<string> args =
        [
            "-y", "-nostdin", "-hide_banner", "-loglevel", "error", "-progress", "pipe:1", "-i", source,
            "-map", "0:v:0", "-vf", Scale(job, rung), "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main",
            "-pix_fmt", "yuv420p", "-crf", "23", "-maxrate", $"{kbps}k", "-bufsize", $"{kbps * 2}k",
            "-force_key_frames", "expr:gte(t,n_forced*2)", "-threads", "2",
        ];
        args.AddRange(job.HasAudio ? ["-map", "0:a:0", "-c:a", "aac", "-b:a", "128k", "-ac", "2"] : ["-an"]);
        args.AddRange(["-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod",
            "-hls_segment_filename", Path.Combine(dir, "seg_%03d.ts"), Path.Combine(dir, "index.m3u8")]);
        var total = Math.Max(1, job.Duration.TotalMicroseconds);
        var result = await ToolProcess.RunAsync(options.FfmpegPath, args, line =>
        {
            if (line.StartsWith("out_time_us=", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan("out_time_us=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var us))
            {
                onFraction(Math.Clamp(us / total, 0, 1));
            }
        }, lowPriority: true, ct);
        if (result.ExitCode != 0)
        {
            throw new VideoProcessingException($"ffmpeg failed for the {rung}p rendition: {result.StderrTail}");
        }
    }

    private async Task ThumbnailAsync(TranscodeJob job, string source, string output, CancellationToken ct)
    {
        var at = Math.Min(1.0, job.Duration.TotalSeconds / 2).ToString("0.###", CultureInfo.InvariantCulture);
        var result = await ToolProcess.RunAsync(options.FfmpegPath,
            ["-y", "-nostdin", "-hide_banner", "-loglevel", "error", "-ss", at, "-i", source, "-frames:v", "1",
             "-vf", Scale(job, Math.Min(360, Math.Min(job.Width, job.Height) & ~1)), "-q:v", "4", Path.Combine(output, VideoKeys.Thumbnail)],
            null, lowPriority: true, ct);
        if (result.ExitCode != 0)
        {
            throw new VideoProcessingException($"ffmpeg failed for the thumbnail: {result.StderrTail}");
        }
    }

    private static string Scale(TranscodeJob job, int rung) => job.Width >= job.Height ? $"scale=-2:{rung}" : $"scale={rung}:-2";

    private static string Multivariant(TranscodeJob job, IReadOnlyList<int> rungs)
    {
        var text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        foreach (var rung in rungs)
        {
            var longSide = (int)Math.Round((double)Math.Max(job.Width, job.Height) * rung / Math.Min(job.Width, job.Height) / 2) * 2;
            var (w, h) = job.Width >= job.Height ? (longSide, rung) : (rung, longSide);
            var bandwidth = (rung >= 720 ? 2500 : rung >= 480 ? 1200 : 800) * 1000 + (job.HasAudio ? 128_000 : 0);
            var codecs = job.HasAudio ? "avc1.4d401f,mp4a.40.2" : "avc1.4d401f";
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},RESOLUTION={w}x{h},CODECS=\"{codecs}\"\n{rung}p/index.m3u8\n");
        }
        return text.ToString();
    }
}
