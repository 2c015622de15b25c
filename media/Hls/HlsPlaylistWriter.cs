using System.Globalization;
using System.Text;

namespace Stagecast.Media.Hls;

/// <summary>Renders media and multivariant playlists (RFC 8216 and draft-pantos-hls-rfc8216bis LL-HLS tags).</summary>
public static class HlsPlaylistWriter
{
    public const string ContentType = "application/vnd.apple.mpegurl";

    /// <summary>
    /// The live (or, once ended, finished) media playlist. <paramref name="segments"/> is the window:
    /// complete segments first, then possibly the open one whose parts exist so far.
    /// </summary>
    public static byte[] WriteMedia(
        IReadOnlyList<HlsSegment> segments,
        long discontinuitySequence,
        int targetDuration,
        HlsOptions options,
        bool ended,
        long nextPartMsn,
        int nextPartIndex,
        int skipSegments = 0)
    {
        var sb = new StringBuilder(4096);
        sb.Append("#EXTM3U\n#EXT-X-VERSION:9\n");
        Line(sb, $"#EXT-X-TARGETDURATION:{targetDuration}");
        var partTarget = options.AdvertisedPartTarget;
        Line(sb, $"#EXT-X-PART-INF:PART-TARGET={partTarget:0.000}");

        // PART-HOLD-BACK must be at least three part targets (rfc8216bis 4.4.3.8); HOLD-BACK three target durations;
        // CAN-SKIP-UNTIL at least six target durations (4.4.3.8): delta updates skip segments older than that.
        Line(sb, ended
            ? $"#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK={3 * partTarget:0.000},HOLD-BACK={3 * targetDuration}"
            : $"#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL={CanSkipUntil(targetDuration)},PART-HOLD-BACK={3 * partTarget:0.000},HOLD-BACK={3 * targetDuration}");
        var firstMsn = segments.Count > 0 ? segments[0].Msn : nextPartMsn;
        Line(sb, $"#EXT-X-MEDIA-SEQUENCE:{firstMsn}");
        if (discontinuitySequence > 0)
        {
            Line(sb, $"#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuitySequence}");
        }

        sb.Append("#EXT-X-INDEPENDENT-SEGMENTS\n");

        var completeCount = segments.Count(s => s.Complete);
        var firstListedParts = completeCount - options.PartListedSegments;
        if (skipSegments > 0)
        {
            // rfc8216bis 4.4.5.2: the skipped segments' place; the client keeps them from its last full playlist.
            Line(sb, $"#EXT-X-SKIP:SKIPPED-SEGMENTS={skipSegments}");
        }

        for (var i = skipSegments; i < segments.Count; i++)
        {
            var segment = segments[i];
            AppendSegmentHeader(sb, segment, i == skipSegments || segments[i - 1].InitVersion != segment.InitVersion);
            if (!ended && (i >= firstListedParts || !segment.Complete))
            {
                foreach (var part in segment.Parts)
                {
                    Line(sb, $"#EXT-X-PART:DURATION={part.Duration:0.00000},URI=\"{part.Uri}\"{(part.Independent ? ",INDEPENDENT=YES" : "")}");
                }
            }

            if (segment.Complete)
            {
                Line(sb, $"#EXTINF:{segment.Duration:0.00000},");
                Line(sb, segment.Uri);
            }
        }

        if (ended)
        {
            sb.Append("#EXT-X-ENDLIST\n");
        }
        else
        {
            Line(sb, $"#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part{nextPartMsn}.{nextPartIndex}.m4s\"");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>CAN-SKIP-UNTIL in seconds: six target durations, the least rfc8216bis allows.</summary>
    public static int CanSkipUntil(int targetDuration) => 6 * targetDuration;

    /// <summary>
    /// How many leading segments a delta update (_HLS_skip=YES) may skip: complete segments that end at least
    /// CAN-SKIP-UNTIL before the end of the playlist (the Skip Boundary, rfc8216bis 6.2.5.1).
    /// </summary>
    public static int SkippableSegments(IReadOnlyList<HlsSegment> segments, int targetDuration)
    {
        var total = 0.0;
        foreach (var segment in segments) total += segment.Duration;
        var boundary = total - CanSkipUntil(targetDuration);
        var end = 0.0;
        var skip = 0;
        foreach (var segment in segments)
        {
            end += segment.Duration;
            if (!segment.Complete || end > boundary + 1e-9) break;
            skip++;
        }

        return skip;
    }

    /// <summary>The replay of a finished session: every segment, no parts.</summary>
    public static byte[] WriteVod(IReadOnlyList<HlsSegment> segments, int targetDuration)
    {
        var sb = new StringBuilder(64 * segments.Count + 256);
        sb.Append("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        Line(sb, $"#EXT-X-TARGETDURATION:{targetDuration}");
        Line(sb, $"#EXT-X-MEDIA-SEQUENCE:{(segments.Count > 0 ? segments[0].Msn : 0)}");
        sb.Append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            AppendSegmentHeader(sb, segment, i == 0 || segments[i - 1].InitVersion != segment.InitVersion);
            Line(sb, $"#EXTINF:{segment.Duration:0.00000},");
            Line(sb, segment.Uri);
        }

        sb.Append("#EXT-X-ENDLIST\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// One EXT-X-STREAM-INF per variant; each variant muxes audio and video in the same fMP4 (docs/hls.md
    /// says why).
    /// </summary>
    public static byte[] WriteMultivariant(IReadOnlyList<HlsVariant> variants)
    {
        var sb = new StringBuilder(512);
        sb.Append("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var variant in variants)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={variant.Bandwidth},CODECS=\"{variant.Codecs}\"");
            if (variant.Width > 0 && variant.Height > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $",RESOLUTION={variant.Width}x{variant.Height}");
            }

            if (variant.FrameRate > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $",FRAME-RATE={variant.FrameRate:0.000}");
            }

            sb.Append('\n');
            Line(sb, variant.Uri);
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void AppendSegmentHeader(StringBuilder sb, HlsSegment segment, bool writeMap)
    {
        if (segment.Discontinuity)
        {
            sb.Append("#EXT-X-DISCONTINUITY\n");
        }

        if (writeMap || segment.Discontinuity)
        {
            Line(sb, $"#EXT-X-MAP:URI=\"{HlsSegment.InitUri(segment.InitVersion)}\"");
        }

        Line(sb, $"#EXT-X-PROGRAM-DATE-TIME:{segment.ProgramDateTime.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}");
    }

    private static void Line(StringBuilder sb, FormattableString text)
    {
        sb.Append(text.ToString(CultureInfo.InvariantCulture));
        sb.Append('\n');
    }

    private static void Line(StringBuilder sb, string text)
    {
        sb.Append(text);
        sb.Append('\n');
    }
}
