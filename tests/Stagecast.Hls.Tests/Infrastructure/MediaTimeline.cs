using System.Globalization;
using System.Text;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>
/// The media timeline of a packaged session read back from its fMP4 (init segment + media segments in
/// playlist order), independent of the packager: per track, where each fragment starts (tfdt) and how long
/// its samples last (trun), so that holes, overlaps and audio/video drift can be counted.
/// </summary>
public sealed class MediaTimeline
{
    private readonly Dictionary<uint, uint> _timescales = [];
    private readonly Dictionary<uint, List<(ulong Start, ulong End)>> _runs = [];
    private readonly List<(DateTimeOffset? Pdt, Dictionary<uint, ulong> Starts)> _segmentStarts = [];
    private readonly List<Dictionary<uint, ulong>> _segmentEnds = [];
    private readonly Dictionary<uint, List<(ulong Start, uint Duration)>> _samples = [];

    /// <summary>Reads a recorded session (its vod.m3u8, init and media segments) in playlist order.</summary>
    public static MediaTimeline FromRecording(string directory)
    {
        var timeline = new MediaTimeline();
        DateTimeOffset? pdt = null;
        foreach (var line in File.ReadAllLines(Path.Combine(directory, "vod.m3u8")))
        {
            if (line.StartsWith("#EXT-X-MAP:URI=\"", StringComparison.Ordinal))
            {
                timeline.AddInit(File.ReadAllBytes(Path.Combine(directory, line["#EXT-X-MAP:URI=\"".Length..^1])));
            }
            else if (line.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))
            {
                pdt = DateTimeOffset.Parse(line["#EXT-X-PROGRAM-DATE-TIME:".Length..], CultureInfo.InvariantCulture);
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                timeline.AddMedia(File.ReadAllBytes(Path.Combine(directory, line)), pdt);
                pdt = null;
            }
        }

        return timeline;
    }

    /// <summary>Reads the init segment's track timescales (mdhd) by track id (tkhd).</summary>
    public void AddInit(byte[] init)
    {
        var moov = BoxReader.Read(init).Single(b => b.Type == "moov");
        foreach (var trak in moov.All("trak"))
        {
            var tkhd = trak.Child("tkhd");
            var trackId = tkhd.Version == 1 ? tkhd.U32(20) : tkhd.U32(12);
            var mdhd = trak.Path("mdia/mdhd");
            _timescales[trackId] = mdhd.Version == 1 ? mdhd.U32(20) : mdhd.U32(12);
        }
    }

    /// <summary>Adds every fragment (moof) of a segment or part, in decode order, with its PROGRAM-DATE-TIME.</summary>
    public void AddMedia(byte[] media, DateTimeOffset? programDateTime = null)
    {
        var starts = new Dictionary<uint, ulong>();
        var ends = new Dictionary<uint, ulong>();
        foreach (var moof in BoxReader.Read(media).Where(b => b.Type == "moof"))
        {
            foreach (var traf in moof.All("traf"))
            {
                var trackId = traf.Child("tfhd").U32(4);
                var tfdt = traf.Child("tfdt");
                var start = tfdt.Version == 1 ? tfdt.U64(4) : tfdt.U32(4);
                ulong duration = 0;
                if (!_samples.TryGetValue(trackId, out var samples)) _samples[trackId] = samples = [];
                foreach (var trun in traf.All("trun"))
                {
                    foreach (var sample in BoxReader.Samples(trun, out _))
                    {
                        samples.Add((start + duration, sample.Duration));
                        duration += sample.Duration;
                    }
                }

                if (!_runs.TryGetValue(trackId, out var runs)) _runs[trackId] = runs = [];
                runs.Add((start, start + duration));
                starts.TryAdd(trackId, start);
                ends[trackId] = start + duration;
            }
        }

        _segmentStarts.Add((programDateTime, starts));
        _segmentEnds.Add(ends);
    }

    public IReadOnlyCollection<uint> Tracks => _runs.Keys;

    /// <summary>Fragments of a track that do not start where the previous one ended (a hole or an overlap).</summary>
    public IReadOnlyList<string> Discontinuities(uint trackId)
    {
        var found = new List<string>();
        var runs = _runs[trackId];
        var scale = (double)_timescales[trackId];
        for (var i = 1; i < runs.Count; i++)
        {
            if (runs[i].Start != runs[i - 1].End)
            {
                found.Add(string.Create(CultureInfo.InvariantCulture,
                    $"track {trackId} fragment {i}: starts at {runs[i].Start / scale:0.000} s, previous ended at {runs[i - 1].End / scale:0.000} s"));
            }
        }

        return found;
    }

    /// <summary>
    /// Samples lasting more than twice the track's median sample duration, as (start s, duration s): a gap in the
    /// source's timestamps hidden inside one long sample. The fragments stay continuous, but an audio decoder
    /// outputs only the frame's real length (20 ms of Opus), so the played audio falls behind the timeline.
    /// </summary>
    public IReadOnlyList<(double Start, double Duration)> StretchedSamples(uint trackId)
    {
        var samples = _samples[trackId];
        if (samples.Count == 0) return [];
        var scale = (double)_timescales[trackId];
        var median = samples.Select(s => s.Duration).Order().ElementAt(samples.Count / 2);
        return samples.Where(s => s.Duration > 2 * median).Select(s => (s.Start / scale, s.Duration / scale)).ToList();
    }

    public int SampleCount(uint trackId) => _samples[trackId].Count;

    /// <summary>Where a track's media starts and ends, in seconds.</summary>
    public (double Start, double End) Extent(uint trackId)
    {
        var runs = _runs[trackId];
        var scale = (double)_timescales[trackId];
        return (runs[0].Start / scale, runs[^1].End / scale);
    }

    /// <summary>
    /// The largest distance between two tracks' media ends at the end of any added segment, in seconds:
    /// how far one track has drifted from the other through the session.
    /// </summary>
    public double MaxEndDrift(uint a, uint b)
    {
        double sa = _timescales[a], sb = _timescales[b];
        var max = 0.0;
        foreach (var ends in _segmentEnds)
        {
            if (ends.TryGetValue(a, out var ea) && ends.TryGetValue(b, out var eb))
            {
                max = Math.Max(max, Math.Abs(ea / sa - eb / sb));
            }
        }

        return max;
    }

    /// <summary>
    /// The largest difference, in seconds, between a segment's PROGRAM-DATE-TIME advance since the first segment
    /// and its media (track <paramref name="trackId"/>) advance: the wall clock and media time drifting apart.
    /// </summary>
    public double MaxProgramDateTimeDrift(uint trackId)
    {
        var scale = (double)_timescales[trackId];
        var max = 0.0;
        (DateTimeOffset Pdt, double Media)? first = null;
        foreach (var (pdt, starts) in _segmentStarts)
        {
            if (pdt is null || !starts.TryGetValue(trackId, out var start)) continue;
            first ??= (pdt.Value, start / scale);
            var wall = (pdt.Value - first.Value.Pdt).TotalSeconds;
            max = Math.Max(max, Math.Abs(wall - (start / scale - first.Value.Media)));
        }

        return max;
    }

    public string Describe()
    {
        var sb = new StringBuilder();
        foreach (var (track, runs) in _runs)
        {
            var (start, end) = Extent(track);
            sb.Append(CultureInfo.InvariantCulture,
                $"track {track}: {runs.Count} fragments, {start:0.000}-{end:0.000} s, {Discontinuities(track).Count} discontinuities, stretched samples [{string.Join(" ", StretchedSamples(track).Select(x => $"{x.Start:0.000}+{x.Duration * 1000:0}ms"))}]; ");
        }

        return sb.ToString();
    }
}
