namespace Stagecast.Media.Hls;

/// <summary>Packaging and recording settings, bound from the "Hls" configuration section.</summary>
public sealed class HlsOptions
{
    public const string SectionName = "Hls";

    /// <summary>
    /// Segments are cut at the first keyframe within one part target of this many seconds (<see cref="CutSegmentSeconds"/>);
    /// audio-only segments at exactly this many seconds.
    /// </summary>
    public double TargetSegmentSeconds { get; set; } = 2.0;

    /// <summary>LL-HLS part target; a part never exceeds it (RFC 8216bis 4.4.3.7).</summary>
    public double PartTargetSeconds { get; set; } = 1.0 / 3.0;

    /// <summary>Complete segments kept in the live playlist's sliding window.</summary>
    public int WindowSegments { get; set; } = 6;

    /// <summary>Complete segments (newest first) whose parts are still listed with EXT-X-PART.</summary>
    public int PartListedSegments { get; set; } = 3;

    /// <summary>Longest a blocking playlist or part request is held; 0 means three target durations.</summary>
    public double BlockingTimeoutSeconds { get; set; }

    /// <summary>Write every live to disk so that it becomes a replay when it ends.</summary>
    public bool RecordingEnabled { get; set; } = true;

    /// <summary>Recordings go to {RecordingDirectory}/{roomId}/{sessionId}/.</summary>
    public string RecordingDirectory { get; set; } = "./data/recordings";

    /// <summary>Recordings (replays) older than this many days are deleted by the periodic sweep; 0 keeps them forever.</summary>
    public double RecordingRetentionDays { get; set; }

    /// <summary>The sweep deletes the oldest recordings while all of them together exceed this many GB (10^9 bytes); 0 means no limit.</summary>
    public double RecordingMaxGigabytes { get; set; }

    /// <summary>How often the gateway sweeps the recording directory (when a retention limit is set).</summary>
    public double RetentionSweepSeconds { get; set; } = 3600;

    /// <summary>How long an ended session stays in memory before only its recording serves it.</summary>
    public double EndedSessionRetentionSeconds { get; set; } = 60;

    /// <summary>
    /// Also publish a video+AAC variant, AAC encoded by ffmpeg from the Opus track, for players without Opus.
    /// Costs one ffmpeg process per live room and about 100 ms more latency on that variant.
    /// </summary>
    public bool AacRendition { get; set; }

    /// <summary>
    /// The optional ABR ladder: one libx264 rendition per entry, encoded by ffmpeg from the source H.264 with
    /// keyframes on the source's keyframes, each packaged by its own packager with the source's audio.
    /// Empty (the default) keeps the no-transcoding path. Configuration: Hls:Ladder:0:Height=360,
    /// Hls:Ladder:0:VideoKbps=800, ...
    /// </summary>
    public List<HlsLadderRung> Ladder { get; set; } = [];

    /// <summary>x264 preset of the ladder's encoders (CPU against quality).</summary>
    public string LadderPreset { get; set; } = "veryfast";

    /// <summary>The ffmpeg used by <see cref="AacRendition"/> and the ladder.</summary>
    public string FfmpegPath { get; set; } = "/usr/bin/ffmpeg";

    /// <summary>
    /// Longest the first keyframe's video is held waiting for the publisher's audio track to be announced
    /// (browsers announce it a few frames later); 0 starts at once.
    /// </summary>
    public double StartAudioWaitSeconds { get; set; } = 1.0;

    /// <summary>Settings for a variant's own packager (AAC, ladder rung): no variants of its own.</summary>
    internal HlsOptions ForVariant()
    {
        var copy = (HlsOptions)MemberwiseClone();
        copy.Ladder = [];
        copy.AacRendition = false;
        return copy;
    }

    /// <summary>The part target as advertised: rounded up to milliseconds so that no part exceeds it.</summary>
    /// <summary>
    /// The open segment of a video stream is cut at the first keyframe at or after this many seconds (audio-only streams,
    /// where every sample is independent, are cut at the target itself): one part target short of
    /// <see cref="TargetSegmentSeconds"/>. Keyframes asked for by PLI every 2 s land a little before or after 2 s; cutting
    /// only at 2 s turned every keyframe that came a few milliseconds early into a 4 s segment, after which hls.js
    /// stalled for about 6 s (docs/hls.md, "The 10-minute run").
    /// </summary>
    internal double CutSegmentSeconds => Math.Max(PartTargetSeconds, TargetSegmentSeconds - PartTargetSeconds);

    internal double AdvertisedPartTarget => Math.Ceiling(PartTargetSeconds * 1000 - 1e-6) / 1000;

    internal TimeSpan BlockingTimeout => TimeSpan.FromSeconds(
        BlockingTimeoutSeconds > 0 ? BlockingTimeoutSeconds : 3 * Math.Ceiling(TargetSegmentSeconds));
}
