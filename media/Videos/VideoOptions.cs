namespace Stagecast.Media.Videos;

/// <summary>The "Videos" configuration section: upload limits, processing and storage.</summary>
public sealed class VideoOptions
{
    public const string Section = "Videos";

    /// <summary>Largest accepted upload in bytes (413 above it).</summary>
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Longest accepted video (422 above it).</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many ffmpeg jobs one silo runs at once, so a burst of uploads cannot starve live rooms.</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>Where local video storage and upload staging live; defaults to {DataDirectory}/videos.</summary>
    public string? Directory { get; set; }

    /// <summary>Target rendition heights, largest first; a source smaller than a rung skips it.</summary>
    public int[] Ladder { get; set; } = [720, 360];

    /// <summary>An S3-compatible object store for cluster mode; when unset, local files under <see cref="Directory"/>.</summary>
    public S3StorageOptions S3 { get; set; } = new();

    public const double DefaultTusExpiryHours = 24;

    /// <summary>
    /// How long a resumable (tus) upload lives without a stored PATCH (tus <c>expiration</c>); then its chunks and
    /// state are deleted. Read by the silo, which sweeps; fractions allowed (tests use seconds).
    /// </summary>
    public double TusExpiryHours { get; set; } = DefaultTusExpiryHours;

    public string FfmpegPath { get; set; } = "ffmpeg";

    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>The directory that holds videos for a node whose data directory is given.</summary>
    public string RootFor(string dataDirectory) => Directory is { Length: > 0 } d ? d : Path.Combine(dataDirectory, "videos");
}
