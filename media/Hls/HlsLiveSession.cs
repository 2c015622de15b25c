// Kept whole (about 22 KB): the cutter (parts, segments, config changes) and the publisher of the live window share
// one lock and one set of sample queues; a split along them would pass that state around.
// Ladder and AAC variants, the muxer (Mp4/) and playlists (HlsPlaylistWriter) are already types of their own.
using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Mp4;
using Stagecast.Media.Opus;

namespace Stagecast.Media.Hls;

/// <summary>
/// The packager of one room's media session: turns access units into CMAF parts and segments
/// (video and audio muxed in one fMP4), keeps the live window in memory, and records to disk.
/// Sink calls come from the ingest thread; readers (<see cref="Snapshot"/>, <see cref="TryGetResource"/>,
/// <see cref="WaitForChangeAsync"/>) from any thread.
/// </summary>
public sealed partial class HlsLiveSession : IAccessUnitSink
{
    private readonly object _gate = new();
    private readonly HlsOptions _options;
    private readonly Dictionary<int, TrackState> _tracks = [];
    private readonly ConcurrentDictionary<string, byte[]> _resources = new(StringComparer.Ordinal);
    private readonly List<HlsSegment> _window = [];
    private readonly List<HlsSegment> _allSegments = [];
    private readonly List<HlsPart> _openParts = [];
    private readonly List<byte[]> _openPartData = [];
    private readonly Mp4Writer _writer = new();
    private readonly HlsRecorder? _recorder;
    private AacRendition? _aac;
    private readonly LadderRendition[] _ladder;

    // Video from the first keyframe, held (copied) while the audio track has not been announced yet.
    private readonly List<AccessUnit> _startBuffer = [];
    private bool _buffering;

    private readonly TaskCompletionSource _endedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile HlsSnapshot _snapshot;

    private bool _started;
    private bool _ended;
    private DateTimeOffset _origin;
    private DateTimeOffset? _firstAudioCapture;
    private int _initVersion;
    private bool _initDirty = true;
    private bool _pendingDiscontinuity;
    private bool _waitingForKeyframe;
    private uint _fragmentSequence;
    private long _discontinuitySequence;
    private double _maxSegmentDuration;
    private double _peakBitsPerSecond;

    // The open segment; its parts are published as they are cut.
    private bool _segmentOpen;
    private long _msn;
    private long _segmentStartTicks;
    private long _partStartTicks;
    private DateTimeOffset _segmentProgramDateTime;

    // PROGRAM-DATE-TIME is the anchor's capture time plus media time since the anchor: capture times jump when the
    // first RTCP sender report replaces the receive time and jitter with every SR, and players (hls.js's
    // alignMediaPlaylistByPDT) place parts by PDT, so a PDT that wanders from the media timeline opens holes.
    // Re-anchored only where a discontinuity starts a new timeline.
    private DateTimeOffset? _pdtAnchor;
    private long _pdtAnchorTicks;
    private bool _segmentDiscontinuity;
    private int _segmentInitVersion;

    public HlsLiveSession(string roomId, string sessionId, HlsOptions options, string? recordingDirectory, ILogger? logger = null)
    {
        RoomId = roomId;
        SessionId = sessionId;
        _options = options;
        var ladderLogger = logger ?? NullLogger.Instance;
        _ladder = options.Ladder
            .Where(r => r.Height > 0 && r.VideoKbps > 0)
            .Select(r => new LadderRendition(roomId, $"{sessionId}-{SafeRungName(r)}", options, r, ladderLogger))
            .ToArray();
        if (recordingDirectory is not null)
        {
            try
            {
                _recorder = new HlsRecorder(recordingDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unwritable recording directory costs the replay, never the live.
                _recorder = null;
            }
        }

        _snapshot = HlsSnapshot.Empty(TargetDuration);
    }

    public string RoomId { get; }

    public string SessionId { get; }

    public HlsSnapshot Snapshot => _snapshot;

    /// <summary>The video+AAC variant when <see cref="HlsOptions.AacRendition"/> is on and the audio is Opus.</summary>
    public HlsLiveSession? AacVariant => _aac?.Session;

    /// <summary>The ABR ladder's renditions (<see cref="HlsOptions.Ladder"/>), highest first as configured.</summary>
    public IReadOnlyList<HlsLiveSession> LadderVariants => _ladder.Select(r => r.Session).ToArray();

    /// <summary>The ffmpeg process ids each ladder rendition has started (for supervision and tests).</summary>
    public IReadOnlyList<IReadOnlyCollection<int>> LadderProcessIds => _ladder.Select(r => r.ProcessIds).ToArray();

    /// <summary>Completes when every ladder rendition's ffmpeg has drained and the renditions have ended.</summary>
    public Task LadderCompleted => Task.WhenAll(_ladder.Select(r => r.Completion));

    /// <summary>BANDWIDTH advertised before the first segment has been measured.</summary>
    public long NominalBandwidth { get; init; } = 2_000_000;

    /// <summary>This session or one of its variants (AAC, ladder) by session id.</summary>
    public HlsLiveSession? FindVariant(string sessionId)
    {
        if (sessionId == SessionId) return this;
        if (_aac?.Session is { } aac && aac.SessionId == sessionId) return aac;
        foreach (var rendition in _ladder)
        {
            if (rendition.Session.SessionId == sessionId) return rendition.Session;
        }

        return null;
    }

    /// <summary>Completes when the AAC variant (if any) has drained and ended.</summary>
    public Task AacVariantCompleted => _aac?.Completion ?? Task.CompletedTask;

    /// <summary>Completes when the publisher has gone (<see cref="OnEnd"/>).</summary>
    public Task Ended => _endedSignal.Task;

    /// <summary>Where the recording is written, or null when recording is off.</summary>
    public string? RecordingDirectory => _recorder?.Directory;

    /// <summary>Completes when the session has ended and its recording (VOD playlist included) is on disk.</summary>
    public Task RecordingCompleted => _recorder?.Completion ?? Task.CompletedTask;

    // RFC 8216 4.3.3.1: every EXTINF rounded to the nearest integer must not exceed it.
    private int TargetDuration => (int)Math.Max(Math.Ceiling(_options.TargetSegmentSeconds - 1e-9), Math.Round(_maxSegmentDuration, MidpointRounding.AwayFromZero));

    // The track whose samples decide cuts: video when there is any. Kept in a field, since the sink's
    // steady path must not allocate (a LINQ query over the dictionary would, once per unit).
    private TrackState? Driver { get; set; }

    public bool TryGetResource(string name, out byte[] data) => _resources.TryGetValue(name, out data!);

    /// <summary>A task that completes at the next published part, segment or end.</summary>
    public Task WaitForChangeAsync() => Volatile.Read(ref _changed).Task;

    public void OnTrackConfig(TrackConfig config)
    {
        lock (_gate)
        {
            if (_ended) return;
            if (_tracks.TryGetValue(config.TrackId, out var existing) && SameConfig(existing.Config, config)) return;

            if (_started)
            {
                // rfc8216bis 4.4.4.3 / 4.4.4.5: a new SPS needs a new EXT-X-MAP after an EXT-X-DISCONTINUITY,
                // and the segment after it must start at a keyframe.
                Flush();
                _initVersion++;
                _initDirty = true;
                _pendingDiscontinuity = true;
                _waitingForKeyframe = config.IsVideo || Driver?.Config.IsVideo == true;
            }

            if (existing is null)
            {
                _tracks[config.TrackId] = new TrackState(config);
            }
            else
            {
                existing.Reconfigure(config);
            }

            Driver = _tracks.Values.FirstOrDefault(t => t.Config.IsVideo) ?? _tracks.Values.FirstOrDefault();
            foreach (var rendition in _ladder)
            {
                if (config.IsVideo) rendition.OnSourceVideoConfig(config);
                else rendition.OnAudioConfig(config);
            }

            if (config.IsVideo)
            {
                _aac?.OnVideoConfig(config);

                // Held video of an older configuration cannot be used any more.
                _startBuffer.Clear();
                _buffering = false;
            }
            else if (config.Codec == MediaCodec.Opus && _options.AacRendition && _aac is null)
            {
                _aac = new AacRendition(RoomId, SessionId + "-aac", _options, config);
                foreach (var video in _tracks.Values.Where(t => t.Config.IsVideo))
                {
                    _aac.OnVideoConfig(video.Config);
                }
            }

            if (!config.IsVideo && _buffering)
            {
                // The audio track arrived in time: the first init segment carries both tracks.
                ReleaseStartBuffer();
            }
        }
    }

    public void OnAccessUnit(in AccessUnit unit)
    {
        lock (_gate)
        {
            if (_ended || !_tracks.TryGetValue(unit.TrackId, out var track)) return;
            if (!_started && track.Config.IsVideo && (_buffering || (unit.IsKeyframe && !HasAudioTrack && _options.StartAudioWaitSeconds > 0)))
            {
                // Browsers announce audio a few frames after the first keyframe: starting video-only would put a
                // discontinuity with a second init segment 30 ms into the stream, which hls.js cannot append
                // (its SourceBuffer was created for video alone). Hold the video until the audio track is known.
                _buffering = true;
                _startBuffer.Add(unit with { Data = unit.Data.ToArray() });
                if (unit.CaptureTimeUtc - _startBuffer[0].CaptureTimeUtc >= TimeSpan.FromSeconds(_options.StartAudioWaitSeconds))
                {
                    ReleaseStartBuffer();
                }

                return;
            }

            Process(track, unit);
        }
    }

    private bool HasAudioTrack => _tracks.Values.Any(t => !t.Config.IsVideo);

    private void ReleaseStartBuffer()
    {
        _buffering = false;
        var held = _startBuffer.ToArray();
        _startBuffer.Clear();
        foreach (var unit in held)
        {
            if (_tracks.TryGetValue(unit.TrackId, out var track)) Process(track, unit);
        }
    }

    private void Process(TrackState track, in AccessUnit unit)
    {
        foreach (var rendition in _ladder)
        {
            if (track.Config.IsVideo) rendition.OnSourceVideoUnit(unit);
            else rendition.OnAudioUnit(unit);
        }

        if (_aac is not null)
        {
            if (track.Config.IsVideo) _aac.OnVideoUnit(unit);
            else if (track.Config.Codec == MediaCodec.Opus) _aac.OnOpusUnit(unit);
        }

        var driver = Driver!;
        var isDriver = ReferenceEquals(track, driver);

        if (!_started)
        {
            if (!CanStart(track, unit)) return;
            _started = true;
            _origin = unit.CaptureTimeUtc;
            _initVersion = 1;
        }

        if (_waitingForKeyframe)
        {
            if (isDriver && track.Config.IsVideo && !unit.IsKeyframe) return;
            if (isDriver) _waitingForKeyframe = false;
        }

        if (!track.Mapped)
        {
            // Tracks' RTP clocks start anywhere; their wall-clock capture times align them.
            var offset = (long)Math.Round(Math.Max(0, (unit.CaptureTimeUtc - _origin).TotalSeconds) * track.Timescale);
            track.MapFirst(unit.Timestamp, offset);
        }

        var dts = track.ToDecodeTime(unit.Timestamp);
        if (!isDriver && !_segmentOpen && _window.Count == 0)
        {
            return; // nothing to attach audio to until the first segment opens
        }

        // Opus whose timestamps skipped: silent frames keep the decoded audio as long as the timeline.
        for (var at = track.NextSilenceAt(dts); at >= 0; at = track.NextSilenceAt(dts))
        {
            if (isDriver) BeforeDriverSample(track, at, true, unit.CaptureTimeUtc);
            track.Append(at, OpusPacket.Silence(track.Config.Channels > 1).Span, true);
        }

        if (isDriver)
        {
            BeforeDriverSample(track, dts, unit.IsKeyframe || !track.Config.IsVideo, unit.CaptureTimeUtc);
        }

        track.Append(dts, unit.Data.Span, unit.IsKeyframe || !track.Config.IsVideo, unit.CompositionOffset);
    }

    public void OnEnd()
    {
        lock (_gate)
        {
            if (_ended) return;
            if (_buffering) ReleaseStartBuffer();
            _aac?.End();
            foreach (var rendition in _ladder)
            {
                rendition.End();
            }

            Flush();
            _ended = true;
            Publish();
            if (_recorder is not null)
            {
                if (_allSegments.Count > 0)
                {
                    // vod.m3u8 last but one and replay.m3u8 last: a replay is listed only once it is whole.
                    _recorder.Write("vod.m3u8", HlsPlaylistWriter.WriteVod(_allSegments, TargetDuration));
                    _recorder.Write("replay.m3u8", MultivariantBytes($"../{SessionId}/vod.m3u8", withAac: false));
                }

                _recorder.Complete();
            }

            Signal();
            _endedSignal.TrySetResult();
        }
    }

    /// <summary>The multivariant playlist naming <paramref name="mediaUri"/>, or null before the first init segment.</summary>
    public byte[]? TryGetMultivariant(string mediaUri)
    {
        lock (_gate)
        {
            return _initVersion == 0 || !_resources.ContainsKey(HlsSegment.InitUri(1)) ? null : MultivariantBytes(mediaUri);
        }
    }

    private byte[] MultivariantBytes(string mediaUri, bool withAac = true)
    {
        var variants = new List<HlsVariant> { Describe(mediaUri) };
        if (withAac)
        {
            // Ladder renditions (live only: they are not recorded) from the highest, then the AAC sibling.
            // A sibling's playlist sits beside this one: the same path with its own session id.
            foreach (var rendition in _ladder)
            {
                if (rendition.Session.IsReady) variants.Add(rendition.Session.Describe(mediaUri.Replace(SessionId, rendition.Session.SessionId, StringComparison.Ordinal)));
            }

            if (_aac?.Session is { } aac && aac.IsReady)
            {
                variants.Add(aac.Describe(mediaUri.Replace(SessionId, aac.SessionId, StringComparison.Ordinal)));
            }
        }

        return HlsPlaylistWriter.WriteMultivariant(variants);
    }

    /// <summary>True once the first init segment exists (the codecs are known).</summary>
    internal bool IsReady => _resources.ContainsKey(HlsSegment.InitUri(1));

    /// <summary>This session as one EXT-X-STREAM-INF: its own tracks' codecs, size, frame rate and measured peak bitrate.</summary>
    internal HlsVariant Describe(string uri)
    {
        lock (_gate)
        {
            var video = _tracks.Values.FirstOrDefault(t => t.Config.IsVideo);
            var audioCodec = _tracks.Values.Where(t => !t.Config.IsVideo).Select(t => HlsCodecs.Of(t.Config)).FirstOrDefault();
            var codecs = string.Join(",", new[] { video is null ? null : HlsCodecs.Of(video.Config), audioCodec }.Where(c => c is not null));
            var bandwidth = _peakBitsPerSecond > 0 ? (long)(_peakBitsPerSecond * 1.1) : NominalBandwidth;
            return new HlsVariant(uri, codecs, video?.Config.Width ?? 0, video?.Config.Height ?? 0, bandwidth, video?.EstimatedFrameRate ?? 0);
        }
    }

    private static string SafeRungName(HlsLadderRung rung) =>
        RungName().IsMatch(rung.EffectiveName) ? rung.EffectiveName : $"{rung.Height}p";

    [GeneratedRegex("^[0-9A-Za-z]{1,16}$")]
    private static partial Regex RungName();

    private bool CanStart(TrackState track, in AccessUnit unit)
    {
        if (track.Config.IsVideo) return unit.IsKeyframe;

        // Audio alone starts a stream only when no video has been announced for a second.
        if (_tracks.Values.Any(t => t.Config.IsVideo)) return false;
        _firstAudioCapture ??= unit.CaptureTimeUtc;
        return unit.CaptureTimeUtc - _firstAudioCapture.Value >= TimeSpan.FromSeconds(1);
    }

    private void BeforeDriverSample(TrackState driver, long dts, bool independent, DateTimeOffset capture)
    {
        if (!_segmentOpen)
        {
            OpenSegment(dts, capture);
            return;
        }

        var timescale = (double)driver.Timescale;
        var segmentElapsed = (dts - _segmentStartTicks) / timescale;
        var partElapsed = (dts - _partStartTicks) / timescale;
        var sampleDuration = driver.LastSampleDuration(dts) / timescale;

        if (independent && segmentElapsed >= (driver.Config.IsVideo ? _options.CutSegmentSeconds : _options.TargetSegmentSeconds) - 0.001)
        {
            CutPart(dts, flush: false);
            CloseSegment();
            OpenSegment(dts, capture);
        }
        else if (partElapsed + sampleDuration > _options.AdvertisedPartTarget + 1e-6 && driver.PendingCount > 0)
        {
            CutPart(dts, flush: false);
        }
    }

    private void OpenSegment(long dts, DateTimeOffset capture)
    {
        if (_initDirty)
        {
            var init = InitSegmentWriter.Write(_tracks.Values.OrderBy(t => t.Config.TrackId).Select(t => t.Config).ToArray());
            var name = HlsSegment.InitUri(_initVersion);
            _resources[name] = init;
            _recorder?.Write(name, init);
            _initDirty = false;
        }

        _segmentOpen = true;
        _segmentStartTicks = dts;
        _partStartTicks = dts;
        if (_pdtAnchor is null || _pendingDiscontinuity)
        {
            _pdtAnchor = capture;
            _pdtAnchorTicks = dts;
        }

        _segmentProgramDateTime = _pdtAnchor.Value.AddTicks((dts - _pdtAnchorTicks) * TimeSpan.TicksPerSecond / Driver!.Timescale);
        _segmentDiscontinuity = _pendingDiscontinuity;
        _pendingDiscontinuity = false;
        _segmentInitVersion = _initVersion;
    }

    /// <summary>
    /// Publishes the pending samples as one part ending at <paramref name="endTicks"/> (driver timescale).
    /// Every sample's duration is the gap to the next one, so the newest audio sample waits for its successor
    /// unless the stream is being flushed.
    /// </summary>
    private void CutPart(long endTicks, bool flush)
    {
        var driver = Driver!;
        var runs = new TrackRun[_tracks.Count];
        var count = 0;
        var endSeconds = endTicks / (double)driver.Timescale;
        var independent = false;
        foreach (var track in _tracks.Values.OrderBy(t => t.Config.TrackId))
        {
            int take;
            long trackEnd;
            if (ReferenceEquals(track, driver))
            {
                take = track.PendingCount;
                trackEnd = endTicks;
            }
            else
            {
                trackEnd = (long)Math.Round(endSeconds * track.Timescale);
                take = flush ? track.PendingCount : track.CountBefore(trackEnd);
            }

            if (take == 0) continue;
            if (ReferenceEquals(track, driver)) independent = track.IsFirstPendingSync;
            runs[count++] = track.TakeRun(take, flush && !ReferenceEquals(track, driver) ? null : trackEnd);
        }

        if (count == 0) return;

        _writer.Reset();
        FragmentWriter.Write(_writer, ++_fragmentSequence, runs.AsSpan(0, count));
        var data = _writer.ToArray();
        var duration = (endTicks - _partStartTicks) / (double)driver.Timescale;
        var part = new HlsPart(_msn, _openParts.Count, duration, independent || !driver.Config.IsVideo);
        _resources[part.Uri] = data;
        _openParts.Add(part);
        _openPartData.Add(data);
        _partStartTicks = endTicks;
        foreach (var track in _tracks.Values)
        {
            track.ReleaseTaken();
        }

        Publish();
        HlsMetrics.PartPublished(_pdtAnchor!.Value.AddTicks((endTicks - _pdtAnchorTicks) * TimeSpan.TicksPerSecond / driver.Timescale));
    }

    private void CloseSegment()
    {
        if (!_segmentOpen) return;
        _segmentOpen = false;
        if (_openParts.Count == 0) return;

        var size = _openPartData.Sum(p => p.Length);
        var data = new byte[size];
        var offset = 0;
        foreach (var part in _openPartData)
        {
            part.CopyTo(data, offset);
            offset += part.Length;
        }

        var duration = _openParts.Sum(p => p.Duration);
        var segment = new HlsSegment(_msn, _segmentInitVersion, _segmentDiscontinuity, _segmentProgramDateTime, duration, _openParts.ToArray(), Complete: true);
        _resources[segment.Uri] = data;
        _recorder?.Write(segment.Uri, data);
        _window.Add(segment);
        _allSegments.Add(segment with { Parts = [] });
        _maxSegmentDuration = Math.Max(_maxSegmentDuration, duration);
        if (duration > 0.5)
        {
            _peakBitsPerSecond = Math.Max(_peakBitsPerSecond, data.Length * 8 / duration);
        }

        _openParts.Clear();
        _openPartData.Clear();
        _msn++;

        while (_window.Count > Math.Max(1, _options.WindowSegments))
        {
            var evicted = _window[0];
            _window.RemoveAt(0);
            if (evicted.Discontinuity) _discontinuitySequence++;
            _resources.TryRemove(evicted.Uri, out _);
            foreach (var part in evicted.Parts)
            {
                _resources.TryRemove(part.Uri, out _);
            }
        }

        Publish();
    }

    /// <summary>Ends the open segment with everything pending: at a config change or the end of the stream.</summary>
    private void Flush()
    {
        if (!_segmentOpen) return;
        var driver = Driver!;
        var end = driver.PendingCount > 0 ? driver.PendingEnd : _partStartTicks;
        if (end > _partStartTicks)
        {
            CutPart(end, flush: true);
        }

        CloseSegment();
    }

    private void Publish()
    {
        var segments = new List<HlsSegment>(_window.Count + 1);
        segments.AddRange(_window);
        var lastComplete = _window.Count > 0 ? _window[^1].Msn : -1;
        var openMsn = _msn;
        var openParts = _segmentOpen ? _openParts.Count : 0;
        if (_segmentOpen && _openParts.Count > 0)
        {
            segments.Add(new HlsSegment(_msn, _segmentInitVersion, _segmentDiscontinuity, _segmentProgramDateTime,
                _openParts.Sum(p => p.Duration), _openParts.ToArray(), Complete: false));
        }
        else if (!_ended && _window.Count > 0 && _window[^1].Msn == _msn - 1)
        {
            // The segment just closed is listed as complete only with the next segment's first part (docs/hls.md, "The
            // stall"): hls.js 1.7 marks a segment fully buffered when the buffer reaches within 0.2 s of its end, so if
            // the playlist completing it arrives while its second-last part is appending, a last part shorter than that
            // is never loaded and nothing after it either, until the segment's parts leave the playlist (6 s).
            segments[^1] = _window[^1] with { Complete = false };
            lastComplete = _window.Count > 1 ? _window[^2].Msn : -1;
            openMsn = _msn - 1;
            openParts = _window[^1].Parts.Count;
        }

        var target = TargetDuration;
        var playlist = HlsPlaylistWriter.WriteMedia(segments, _discontinuitySequence, target, _options, _ended,
            _msn, _segmentOpen ? _openParts.Count : 0);
        var skip = _ended ? 0 : HlsPlaylistWriter.SkippableSegments(segments, target);
        var delta = skip == 0 ? null : HlsPlaylistWriter.WriteMedia(segments, _discontinuitySequence, target, _options, _ended,
            _msn, _segmentOpen ? _openParts.Count : 0, skip);
        _snapshot = new HlsSnapshot(
            playlist,
            FirstMsn: segments.Count > 0 ? segments[0].Msn : _msn,
            LastCompleteMsn: lastComplete,
            OpenMsn: openMsn,
            OpenParts: openParts,
            Ended: _ended,
            TargetDuration: target,
            DeltaPlaylist: delta);
        Signal();
    }

    private void Signal()
    {
        var previous = Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }

    private static bool SameConfig(TrackConfig a, TrackConfig b) =>
        a.Codec == b.Codec && a.ClockRate == b.ClockRate && a.Width == b.Width && a.Height == b.Height
        && a.Channels == b.Channels && a.SampleRate == b.SampleRate
        && a.Sps.Span.SequenceEqual(b.Sps.Span) && a.Pps.Span.SequenceEqual(b.Pps.Span)
        && a.AudioSpecificConfig.Span.SequenceEqual(b.AudioSpecificConfig.Span);
}
